import type { EntityManager } from '@mikro-orm/postgresql';
import { sha256 } from '../../src/platform/canonical-json.js';
import { newId } from '../../src/platform/ids.js';
import { OperationRunSchema } from '../../src/modules/operation-runs/entities/operation-run.js';
import { TenantSchema } from '../../src/modules/tenants/entities/tenant.js';

/**
 * Rows for list and pagination tests, inserted directly: fixture data, not behaviour under test.
 * Every helper returns the new ids in insertion order.
 */

export async function insertTenants(em: EntityManager, workspaceId: string, names: readonly string[]): Promise<string[]> {
  const ids = names.map((name) => {
    const id = newId();
    em.create(TenantSchema, { id, workspace: workspaceId, name, externalTenantId: `ext-${id}` });
    return id;
  });
  await em.flush();
  return ids;
}

export interface RunFixture {
  workspaceId: string;
  tenantId?: string | null;
  initiatorId?: string | null;
  /** Milliseconds since the epoch encoded in the time-ordered id; places the run in `id` order. */
  idTime?: number;
}

/** Queued runs; each gets its own identity hash so the one-active-run-per-identity index allows them. */
export async function insertRuns(em: EntityManager, runs: readonly RunFixture[]): Promise<string[]> {
  const ids = runs.map((run) => {
    const id = newId(run.idTime);
    em.create(OperationRunSchema, {
      id,
      workspace: run.workspaceId,
      tenant: run.tenantId ?? null,
      initiator: run.initiatorId ?? null,
      type: 'baseline_capture',
      status: 'queued',
      runIdentityHash: sha256(`fixture:${id}`),
    });
    return id;
  });
  await em.flush();
  return ids;
}
