import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REASONS } from '../../src/app/reasons.js';
import { assignProfile, insertProfile, insertSnapshot } from '../support/baseline-rows.js';
import { insertTenants } from '../support/bulk-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createWorld, type World } from '../support/world.js';

let app: TestApp;
let world: World;
let token: string;
/** A tenant per readiness verdict. */
const tenants: Record<string, string> = {};
let buildingSnapshot: string;
let incompleteSnapshot: string;

beforeAll(async () => {
  app = await startTestApp();
  world = await createWorld(app.em());
  token = await app.token(world.users.ownerA);
  const em = app.em();
  const ws = world.workspaceA;
  const [draftTenant, archivedTenant, buildingTenant, incompleteTenant, neverCapturedTenant] = await insertTenants(em, ws, [
    'Draft',
    'Archived',
    'Building',
    'Incomplete',
    'Never captured',
  ]);
  tenants.draft = draftTenant!;
  tenants.archived = archivedTenant!;
  tenants.building = buildingTenant!;
  tenants.incomplete = incompleteTenant!;
  tenants.neverCaptured = neverCapturedTenant!;

  await assignProfile(em, ws, tenants.draft, await insertProfile(em, ws, 'Draft profile', 'draft'));
  await assignProfile(em, ws, tenants.archived, world.profileA);
  await em.getConnection().execute(`update tenants set status = 'archived', archived_at = now() where id = ?`, [tenants.archived]);

  const buildingProfile = await insertProfile(em, ws, 'Capturing');
  buildingSnapshot = await insertSnapshot(em, { workspaceId: ws, profileId: buildingProfile, lifecycleState: 'building', capturedAt: new Date() });
  await assignProfile(em, ws, tenants.building, buildingProfile);

  const incompleteProfile = await insertProfile(em, ws, 'Failed capture');
  incompleteSnapshot = await insertSnapshot(em, { workspaceId: ws, profileId: incompleteProfile, lifecycleState: 'incomplete', capturedAt: new Date() });
  await assignProfile(em, ws, tenants.incomplete, incompleteProfile);

  await assignProfile(em, ws, tenants.neverCaptured, await insertProfile(em, ws, 'Never captured'));
});
afterAll(() => app.close());

const READINESS = `query($id: ID!) {
  tenant(id: $id) {
    compareReadiness {
      allowed reasonCode reasonMessage reason { code label } nextAction
      snapshot { id } effectiveSnapshot { id } latestAttemptedSnapshot { id lifecycleState }
    }
  }
}`;

async function readiness(tenantId: string) {
  const result = await app.gql(READINESS, { id: tenantId }, token);
  expect(result.errors).toBeUndefined();
  return result.data.tenant.compareReadiness;
}

describe('Tenant.compareReadiness', () => {
  it('is allowed for an active tenant whose active profile has a complete snapshot, naming the snapshot compare would use', async () => {
    expect(await readiness(world.tenantA1)).toEqual({
      allowed: true,
      reasonCode: null,
      reasonMessage: null,
      reason: null,
      nextAction: 'Compare now',
      snapshot: { id: world.snapshotA },
      effectiveSnapshot: { id: world.snapshotA },
      latestAttemptedSnapshot: { id: world.snapshotA, lifecycleState: 'COMPLETE' },
    });
  });

  it.each([
    ['the tenant has no baseline assigned', () => world.tenantA2, 'baseline.compare.no_assignment', 'No baseline assigned', () => null],
    ['the assigned profile is not active', () => tenants.draft!, 'baseline.compare.profile_not_active', 'Assigned baseline inactive', () => null],
    [
      'the tenant is archived, although its profile has a complete snapshot',
      () => tenants.archived!,
      'baseline.compare.tenant_archived',
      'Tenant archived',
      () => ({ id: world.snapshotA }),
    ],
    ['the only snapshot is still building', () => tenants.building!, 'baseline.compare.snapshot_building', 'Baseline still building', () => null],
    ['the only snapshot is incomplete', () => tenants.incomplete!, 'baseline.compare.snapshot_incomplete', 'Baseline snapshot incomplete', () => null],
    ['the profile was never captured', () => tenants.neverCaptured!, 'baseline.compare.no_consumable_snapshot', 'Current baseline unavailable', () => null],
  ])('is blocked when %s, with the reason and its next step', async (_name, tenant, reasonCode, label, effectiveSnapshot) => {
    const verdict = await readiness(tenant());
    expect(verdict).toMatchObject({
      allowed: false,
      reasonCode,
      reasonMessage: REASONS.describe(reasonCode).explanation,
      reason: { code: reasonCode, label },
      nextAction: REASONS.describe(reasonCode).nextStep,
      snapshot: null,
      effectiveSnapshot: effectiveSnapshot(),
    });
  });

  it('shows the latest attempt that blocks compare next to the missing effective snapshot', async () => {
    expect((await readiness(tenants.building!)).latestAttemptedSnapshot).toEqual({ id: buildingSnapshot, lifecycleState: 'BUILDING' });
    expect((await readiness(tenants.incomplete!)).latestAttemptedSnapshot).toEqual({ id: incompleteSnapshot, lifecycleState: 'INCOMPLETE' });
  });
});

describe('BaselineProfile.compareReadiness', () => {
  const profileReadiness = async (profileId: string) => {
    const result = await app.gql(
      `query($id: ID!) { baselineProfile(id: $id) { compareReadiness { allowed reasonCode nextAction } } }`,
      { id: profileId },
      token,
    );
    expect(result.errors).toBeUndefined();
    return result.data.baselineProfile.compareReadiness;
  };

  it('is allowed for an active profile with a complete snapshot', async () => {
    expect(await profileReadiness(world.profileA)).toEqual({ allowed: true, reasonCode: null, nextAction: 'Compare now' });
  });

  it('is blocked for a draft profile, with the activation step', async () => {
    const draft = await insertProfile(app.em(), world.workspaceA, 'Another draft', 'draft');
    expect(await profileReadiness(draft)).toEqual({
      allowed: false,
      reasonCode: 'baseline.compare.profile_not_active',
      nextAction: 'Activate the assigned baseline profile or assign a different active profile.',
    });
  });
});
