import { describe, expect, it } from 'vitest';
import { runIdentityHash, type RunIdentity } from '../../../../src/modules/operation-runs/domain/run-identity.js';

const BASE: RunIdentity = {
  type: 'baseline_compare',
  workspaceId: '0190a000-0000-7000-8000-000000000001',
  tenantId: '0190a000-0000-7000-8000-000000000002',
  inputs: { profileId: 'p1', options: { scope: ['a', 'b'], full: true } },
};

describe('run identity', () => {
  it('is a sha256 hex digest', () => {
    expect(runIdentityHash(BASE)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('two requests for the same operation share a hash, whatever the key order of their inputs', () => {
    const reordered: RunIdentity = {
      tenantId: BASE.tenantId,
      inputs: { options: { full: true, scope: ['a', 'b'] }, profileId: 'p1' },
      workspaceId: BASE.workspaceId,
      type: BASE.type,
    };
    expect(runIdentityHash(reordered)).toBe(runIdentityHash(BASE));
  });

  it.each([
    ['type', { type: 'baseline_capture' }],
    ['workspace', { workspaceId: '0190a000-0000-7000-8000-000000000009' }],
    ['tenant', { tenantId: '0190a000-0000-7000-8000-000000000009' }],
    ['missing tenant (workspace-level run)', { tenantId: null }],
    ['input value', { inputs: { ...BASE.inputs, profileId: 'p2' } }],
    ['nested input', { inputs: { profileId: 'p1', options: { scope: ['b', 'a'], full: true } } }],
    ['extra input', { inputs: { ...BASE.inputs, force: true } }],
  ] as const)('a different %s is a different operation', (_what, change) => {
    expect(runIdentityHash({ ...BASE, ...change })).not.toBe(runIdentityHash(BASE));
  });
});
