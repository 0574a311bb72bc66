import { newId } from '../../src/platform/ids.js';
import { BaselineProfileSchema, type CaptureMode } from '../../src/modules/baselines/entities/baseline-profile.js';
import { BaselineTenantAssignmentSchema } from '../../src/modules/baselines/entities/baseline-tenant-assignment.js';
import { captureAndWait, capturedSnapshotId } from './baseline-operations.js';
import { insertTenants } from './bulk-fixtures.js';
import type { TestApp } from './test-app.js';
import type { World } from './world.js';

const POLICY_TYPE = 'deviceConfiguration';

export interface InventoryPolicy {
  policyType: string;
  externalId: string;
  displayName: string;
  payload: unknown;
}

/** One policy in the baseline's scope; its payload carries `revision`, so a new revision is a content change. */
export function policy(externalId: string, overrides: Partial<InventoryPolicy> & { revision?: number } = {}): InventoryPolicy {
  const { revision = 1, ...rest } = overrides;
  return { policyType: POLICY_TYPE, externalId, displayName: `Policy ${externalId}`, payload: { id: externalId, revision }, ...rest };
}

/** `count` policies named `<prefix>-000001`, `<prefix>-000002`, … */
export function policies(count: number, prefix = 'p'): InventoryPolicy[] {
  return Array.from({ length: count }, (_, index) => policy(`${prefix}-${String(index + 1).padStart(6, '0')}`));
}

export interface BaselineFixture {
  profileId: string;
  /** The tenant captures read from. */
  sourceTenantId: string;
  /** A tenant assigned to the profile, for compares. */
  targetTenantId: string;
}

/**
 * An active profile of workspace A (scope: device configurations) with two fresh tenants, the
 * target assigned to it. Rows are inserted directly: fixture data, not behaviour under test.
 */
export async function createBaselineFixture(app: TestApp, world: World, options: { captureMode?: CaptureMode } = {}): Promise<BaselineFixture> {
  const em = app.em();
  const suffix = newId().slice(-8);
  const [sourceTenantId, targetTenantId] = await insertTenants(em, world.workspaceA, [`Source ${suffix}`, `Target ${suffix}`]);
  const profileId = newId();
  em.create(BaselineProfileSchema, {
    id: profileId,
    workspace: world.workspaceA,
    name: `Baseline ${suffix}`,
    status: 'active',
    captureMode: options.captureMode ?? 'full_content',
    scope: { policyTypes: [POLICY_TYPE] },
  });
  em.create(BaselineTenantAssignmentSchema, { id: newId(), workspace: world.workspaceA, tenant: targetTenantId!, profile: profileId });
  await em.flush();
  return { profileId, sourceTenantId: sourceTenantId!, targetTenantId: targetTenantId! };
}

const REPORT = `
  mutation Report($input: ReportInventoryInput!) {
    reportInventory(input: $input) { syncToken }
  }`;

const MAX_ITEMS_PER_CALL = 10_000;

/**
 * Makes `items` the tenant's whole inventory through `reportInventory`: one complete report
 * session in calls of at most 10,000 items, so anything not reported is marked removed.
 */
export async function replaceInventory(app: TestApp, token: string, tenantId: string, items: readonly InventoryPolicy[]): Promise<void> {
  let syncToken: string | undefined;
  let start = 0;
  do {
    const chunk = items.slice(start, start + MAX_ITEMS_PER_CALL);
    start += MAX_ITEMS_PER_CALL;
    const result = await app.gql(REPORT, { input: { tenantId, syncToken, complete: start >= items.length, items: chunk } }, token);
    if (result.errors) throw new Error(`reportInventory failed: ${JSON.stringify(result.errors)}`);
    syncToken = result.data.reportInventory.syncToken;
  } while (start < items.length);
}

/**
 * A fixture whose profile has an effective snapshot of 4 policies captured from the source, and a
 * target that drifts from it by 7 subjects (4 missing, 3 unexpected). A worker consuming captures
 * must be running.
 */
export async function driftedFixture(app: TestApp, world: World, token: string): Promise<{ fixture: BaselineFixture; snapshotId: string }> {
  const fixture = await createBaselineFixture(app, world);
  await replaceInventory(app, token, fixture.sourceTenantId, policies(4));
  const snapshotId = capturedSnapshotId(await captureAndWait(app, token, fixture.profileId, fixture.sourceTenantId));
  await replaceInventory(app, token, fixture.targetTenantId, policies(3, 't'));
  return { fixture, snapshotId };
}
