import { describe, expect, it } from 'vitest';
import type { WorkspaceRole } from '../../../../src/modules/workspaces/auth/capabilities.js';
import { maySeeSnapshotSource } from '../../../../src/modules/baselines/services/snapshot-source-access.js';
import { completionMetaWithoutSource, recordedSourceTenantId, summaryWithoutSource } from '../../../../src/modules/baselines/domain/snapshot-source.js';
import { actorIn } from '../../../support/actor-fixture.js';

const WORKSPACE = 'ws-a';
const SOURCE = '01900000-0000-7000-8000-000000000001';
const SIBLING = '01900000-0000-7000-8000-000000000002';

const actor = (role: WorkspaceRole | null, grantedTenants: string[] = []) => actorIn(WORKSPACE, role, grantedTenants);

describe('who may see what a snapshot captured', () => {
  it.each(['owner', 'manager'] as const)('a %s, who sees every tenant, sees it whatever the source, known or not', (role) => {
    expect(maySeeSnapshotSource(actor(role), WORKSPACE, SOURCE)).toBe(true);
    expect(maySeeSnapshotSource(actor(role), WORKSPACE, null)).toBe(true);
  });

  it.each(['operator', 'readonly'] as const)('a %s sees it only when granted the source tenant, never when the source is unknown', (role) => {
    expect(maySeeSnapshotSource(actor(role, [SOURCE]), WORKSPACE, SOURCE)).toBe(true);
    expect(maySeeSnapshotSource(actor(role, [SIBLING]), WORKSPACE, SOURCE)).toBe(false);
    expect(maySeeSnapshotSource(actor(role, [SOURCE, SIBLING]), WORKSPACE, null)).toBe(false);
  });

  it('a non-member never sees it', () => {
    expect(maySeeSnapshotSource(actor(null), WORKSPACE, SOURCE)).toBe(false);
    expect(maySeeSnapshotSource(actor('owner'), 'ws-b', SOURCE)).toBe(false);
  });
});

describe('source details of a snapshot', () => {
  it('the recorded source tenant is summary.source_tenant_id when it is an id, else unknown', () => {
    expect(recordedSourceTenantId({ source_tenant_id: SOURCE.toUpperCase() })).toBe(SOURCE);
    expect(recordedSourceTenantId({ source_tenant_id: 'tenant-a' })).toBeNull();
    expect(recordedSourceTenantId({ source_tenant_id: 42 })).toBeNull();
    expect(recordedSourceTenantId({})).toBeNull();
    expect(recordedSourceTenantId(null)).toBeNull();
  });

  it('without source, the summary keeps its counts and scope, and the completion proof everything but the producer run', () => {
    expect(summaryWithoutSource({ total_items: 2, policy_types: ['a'], capture_mode: 'full_content', source_tenant_id: SOURCE })).toEqual({
      total_items: 2,
      policy_types: ['a'],
      capture_mode: 'full_content',
    });
    expect(completionMetaWithoutSource({ expectedItems: 2, persistedItems: 2, producerRunId: 'run-1', wasEmptyCapture: false, finalizedAt: 'then' })).toEqual({
      expectedItems: 2,
      persistedItems: 2,
      wasEmptyCapture: false,
      finalizedAt: 'then',
    });
  });
});
