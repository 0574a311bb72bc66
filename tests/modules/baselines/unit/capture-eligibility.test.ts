import { describe, expect, it } from 'vitest';
import { captureBlockedReason } from '../../../../src/modules/baselines/domain/capture-eligibility.js';

const active = (workspaceId = 'w1') => ({ workspaceId, status: 'active' });

describe('capture eligibility, the one rule for starting a capture and for its job', () => {
  it('allows an active profile capturing from an active tenant of its workspace', () => {
    expect(captureBlockedReason(active(), active())).toBeNull();
    expect(captureBlockedReason(active(), active(), 'w1')).toBeNull();
  });

  it('blocks an archived or missing profile, or one that moved out of the run’s workspace', () => {
    expect(captureBlockedReason({ workspaceId: 'w1', status: 'archived' }, active())).toBe('baseline.capture.profile_not_active');
    expect(captureBlockedReason(null, active())).toBe('baseline.capture.profile_not_active');
    expect(captureBlockedReason(active('w2'), active('w2'), 'w1')).toBe('baseline.capture.profile_not_active');
  });

  it('blocks a source tenant that is missing, archived or in another workspace', () => {
    expect(captureBlockedReason(active(), null)).toBe('baseline.capture.missing_source_tenant');
    expect(captureBlockedReason(active(), { workspaceId: 'w1', status: 'archived' })).toBe('baseline.capture.missing_source_tenant');
    expect(captureBlockedReason(active(), active('w2'))).toBe('baseline.capture.missing_source_tenant');
  });
});
