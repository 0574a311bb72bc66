import { newId } from '../../src/platform/ids.js';
import { BaselineProfileSchema } from '../../src/modules/baselines/entities/baseline-profile.js';
import { BaselineTenantAssignmentSchema } from '../../src/modules/baselines/entities/baseline-tenant-assignment.js';
import { TenantSchema } from '../../src/modules/tenants/entities/tenant.js';
import { createWorkspaceFixture, type BenchStack, type WorkspaceFixture } from '../support/bench-stack.js';
import { ingestInventory, NO_DRIFT, policyTypesFor, syntheticItems, type Drift } from '../support/synthetic-inventory.js';

export interface CaptureWorld extends WorkspaceFixture {
  /** Identical active profiles, one per capture: a profile's second capture of the same inventory is reused, not persisted. */
  profileIds: string[];
  policyTypes: string[];
  /** A second tenant of the workspace, assigned to the profile, holding the drifted inventory. */
  driftedTenantId: string;
  ingest: { source: IngestFigure; drifted: IngestFigure };
}

export interface IngestFigure {
  items: number;
  seconds: number;
}

export interface WorldOptions {
  items: number;
  policyTypes: number;
  profiles: number;
  drift: Drift;
}

/**
 * A workspace with active full-content profiles whose scope covers every generated policy type,
 * the source tenant holding the reference inventory, and a drifted tenant assigned to the first
 * profile. Inventory arrives through InventoryService.report in calls of the API's maximum size.
 */
export async function createCaptureWorld(stack: BenchStack, options: WorldOptions): Promise<CaptureWorld> {
  const fixture = await createWorkspaceFixture(stack.orm.em.fork());
  const policyTypes = policyTypesFor(options.policyTypes);
  const profileIds = Array.from({ length: options.profiles }, () => newId());
  const driftedTenantId = newId();
  const em = stack.orm.em.fork();
  profileIds.forEach((id, index) =>
    em.create(BaselineProfileSchema, {
      id,
      workspace: fixture.workspaceId,
      name: `Bench baseline ${index + 1}`,
      status: 'active',
      captureMode: 'full_content',
      scope: { policyTypes },
    }),
  );
  em.create(TenantSchema, { id: driftedTenantId, workspace: fixture.workspaceId, name: 'Drifted tenant', externalTenantId: `${driftedTenantId}.bench` });
  em.create(BaselineTenantAssignmentSchema, { id: newId(), workspace: fixture.workspaceId, tenant: driftedTenantId, profile: profileIds[0]! });
  await em.flush();

  const perCall = stack.config.graphql.maxInventoryItemsPerCall;
  const source = await ingestInventory(stack.orm, fixture.userId, fixture.tenantId, syntheticItems(options.items, policyTypes, NO_DRIFT), perCall);
  const drifted = await ingestInventory(stack.orm, fixture.userId, driftedTenantId, syntheticItems(options.items, policyTypes, options.drift), perCall);
  // What autovacuum does on its own after a bulk load; done now so the timed parts do not race it.
  await stack.orm.em.getConnection().execute('vacuum analyze inventory_items');
  return { ...fixture, profileIds, policyTypes, driftedTenantId, ingest: { source, drifted } };
}
