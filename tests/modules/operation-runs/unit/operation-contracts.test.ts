import { describe, expect, it } from 'vitest';
import type { OperationRun } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { REASONS } from '../../../../src/app/reasons.js';
import { readCaptureInput, readCompareInput } from '../../../../src/modules/baselines/jobs/baseline-contracts.js';
import { readInventorySyncInput } from '../../../../src/modules/inventory/jobs/inventory-sync-contract.js';
import { readTestScript, storedResult } from '../../../../src/modules/operation-runs/jobs/operation-contracts.js';
import { OperationRegistry } from '../../../../src/modules/operation-runs/jobs/operation-registry.js';

const run = (type: string, context: Record<string, unknown>, tenant: string | null = 't1') => ({ type, tenant, context }) as unknown as OperationRun;

describe('operation contracts: the typed input a job reads and the result it stores', () => {
  it('reads a capture’s profile and source tenant, and names the reason when either is missing', () => {
    expect(readCaptureInput(run('baseline_capture', { profileId: 'p1', sourceTenantId: 't2' }))).toEqual({
      profileId: 'p1',
      sourceTenantId: 't2',
    });
    expect(readCaptureInput(run('baseline_capture', { sourceTenantId: 't2' }))).toEqual({ unusable: 'baseline.capture.profile_not_active' });
    expect(readCaptureInput(run('baseline_capture', { profileId: 'p1', sourceTenantId: 7 }))).toEqual({
      unusable: 'baseline.capture.missing_source_tenant',
    });
  });

  it('reads a compare’s tenant from the run and its profile and snapshot from the context', () => {
    expect(readCompareInput(run('baseline_compare', { profileId: 'p1', baselineSnapshotId: 's1' }))).toEqual({
      tenantId: 't1',
      profileId: 'p1',
      baselineSnapshotId: 's1',
    });
    expect(readCompareInput(run('baseline_compare', { profileId: 'p1', baselineSnapshotId: 's1' }, null))).toEqual({
      unusable: 'baseline.compare.no_eligible_target',
    });
    expect(readCompareInput(run('baseline_compare', { profileId: 'p1' }))).toEqual({ unusable: 'baseline.compare.invalid_snapshot' });
  });

  it('reads an inventory sync’s tenant from the run', () => {
    expect(readInventorySyncInput(run('inventory_sync', {}))).toEqual({ tenantId: 't1' });
    expect(readInventorySyncInput(run('inventory_sync', {}, null))).toEqual({ unusable: 'inventory_sync.tenant_unavailable' });
  });

  it('gives a run’s stored result back only for its own type', () => {
    const captured = run('baseline_capture', { result: { snapshotId: 's9', itemsCaptured: 3 } });
    expect(storedResult(captured, 'baseline_capture')).toMatchObject({ snapshotId: 's9', itemsCaptured: 3 });
    expect(storedResult(captured, 'baseline_compare')).toBeNull();
    expect(storedResult(run('baseline_capture', {}), 'baseline_capture')).toBeNull();
  });

  it('a registry knows the operation types registered in it and nothing else, inherited names included', () => {
    const registry = new OperationRegistry(REASONS).register('test.noop', { readInput: readTestScript, handler: async () => ({ outcome: 'succeeded' }) });
    expect(registry.has('test.noop')).toBe(true);
    expect(registry.has('toString')).toBe(false);
    expect(registry.prepare(run('restore', {}))).toBeNull();
  });
});
