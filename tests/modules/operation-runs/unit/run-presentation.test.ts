import { describe, expect, it } from 'vitest';
import { FRESHNESS_STATES } from '../../../../src/modules/operation-runs/domain/freshness.js';
import { freshnessLabel, presentOutcome, presentStatus, runTypeLabel } from '../../../../src/modules/operation-runs/domain/run-presentation.js';
import { RUN_OUTCOMES } from '../../../../src/modules/operation-runs/domain/run-states.js';

describe('run presentation', () => {
  it('a fresh active run presents as Queued or Running', () => {
    expect(presentStatus('queued', 'fresh_active')).toEqual({ label: 'Queued', tone: 'neutral' });
    expect(presentStatus('running', 'fresh_active')).toEqual({ label: 'Running', tone: 'info' });
    expect(presentOutcome('pending', 'fresh_active')).toEqual({ label: 'In progress', tone: 'info' });
  });

  it.each(['queued', 'running'] as const)('a likely-stale %s run never presents as normally active', (status) => {
    expect(presentStatus(status, 'likely_stale')).toEqual({ label: 'Likely stale', tone: 'warning' });
    expect(presentOutcome('pending', 'likely_stale')).toEqual({ label: 'No recent progress', tone: 'warning' });
  });

  it('a completed run presents as Completed whatever its freshness', () => {
    for (const freshness of FRESHNESS_STATES) expect(presentStatus('completed', freshness).label).toBe('Completed');
  });

  it('a reconciled failure reads "Reconciled failed", distinct from a normal failure', () => {
    expect(presentOutcome('failed', 'reconciled_failed')).toEqual({ label: 'Reconciled failed', tone: 'danger' });
    expect(presentOutcome('failed', 'terminal_normal')).toEqual({ label: 'Failed', tone: 'danger' });
  });

  it('terminal outcomes keep their own labels', () => {
    expect(Object.fromEntries(RUN_OUTCOMES.map((outcome) => [outcome, presentOutcome(outcome, 'terminal_normal').label]))).toEqual({
      pending: 'In progress',
      succeeded: 'Succeeded',
      partially_succeeded: 'Partially succeeded',
      blocked: 'Blocked',
      failed: 'Failed',
    });
  });

  it('freshness labels use the seed wording', () => {
    expect(Object.fromEntries(FRESHNESS_STATES.map((state) => [state, freshnessLabel(state)]))).toEqual({
      fresh_active: 'Fresh activity',
      likely_stale: 'Likely stale',
      reconciled_failed: 'Automatically reconciled',
      terminal_normal: 'Terminal truth confirmed',
      unknown: 'Freshness unknown',
    });
  });

  it('run types have operator labels and an unknown type shows its code', () => {
    expect(runTypeLabel('baseline_capture')).toBe('Baseline capture');
    expect(runTypeLabel('baseline_compare')).toBe('Baseline compare');
    expect(runTypeLabel('inventory_sync')).toBe('Inventory sync');
    expect(runTypeLabel('restore_execute')).toBe('restore_execute');
  });
});
