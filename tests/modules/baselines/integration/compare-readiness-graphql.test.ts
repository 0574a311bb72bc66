import { beforeAll, describe, expect, it } from 'vitest';
import { REASONS } from '../../../../src/app/reasons.js';
import { assignProfile, insertProfile, insertSnapshot } from '../../../support/baseline-rows.js';
import { insertTenants } from '../../../support/bulk-fixtures.js';
import { useApp } from '../../../support/use-app.js';

const suite = useApp();
/** A tenant per readiness verdict. */
const tenants: Record<string, string> = {};
let buildingSnapshot: string;
let incompleteSnapshot: string;

beforeAll(async () => {
  const em = suite.app.em();
  const ws = suite.world.workspaceA;
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
  await assignProfile(em, ws, tenants.archived, suite.world.profileA);
  await em.getConnection().execute(`update tenants set status = 'archived', archived_at = now() where id = ?`, [tenants.archived]);

  const buildingProfile = await insertProfile(em, ws, 'Capturing');
  buildingSnapshot = await insertSnapshot(em, { workspaceId: ws, profileId: buildingProfile, lifecycleState: 'building', capturedAt: new Date() });
  await assignProfile(em, ws, tenants.building, buildingProfile);

  const incompleteProfile = await insertProfile(em, ws, 'Failed capture');
  incompleteSnapshot = await insertSnapshot(em, { workspaceId: ws, profileId: incompleteProfile, lifecycleState: 'incomplete', capturedAt: new Date() });
  await assignProfile(em, ws, tenants.incomplete, incompleteProfile);

  await assignProfile(em, ws, tenants.neverCaptured, await insertProfile(em, ws, 'Never captured'));
});

const READINESS = `query($id: ID!) {
  tenant(id: $id) {
    compareReadiness {
      allowed reasonCode reasonMessage reason { code label } nextAction
      snapshot { id } effectiveSnapshot { id } latestAttemptedSnapshot { id lifecycleState }
    }
  }
}`;

async function readiness(tenantId: string) {
  const result = await suite.gql(READINESS, { id: tenantId });
  expect(result.errors).toBeUndefined();
  return result.data.tenant.compareReadiness;
}

describe('Tenant.compareReadiness', () => {
  it('is allowed for an active tenant whose active profile has a complete snapshot, naming the snapshot compare would use', async () => {
    expect(await readiness(suite.world.tenantA1)).toEqual({
      allowed: true,
      reasonCode: null,
      reasonMessage: null,
      reason: null,
      nextAction: 'Compare now',
      snapshot: { id: suite.world.snapshotA },
      effectiveSnapshot: { id: suite.world.snapshotA },
      latestAttemptedSnapshot: { id: suite.world.snapshotA, lifecycleState: 'COMPLETE' },
    });
  });

  it.each([
    ['the tenant has no baseline assigned', () => suite.world.tenantA2, 'baseline.compare.no_assignment', 'No baseline assigned', () => null],
    ['the assigned profile is not active', () => tenants.draft!, 'baseline.compare.profile_not_active', 'Assigned baseline inactive', () => null],
    [
      'the tenant is archived, although its profile has a complete snapshot',
      () => tenants.archived!,
      'baseline.compare.tenant_archived',
      'Tenant archived',
      () => ({ id: suite.world.snapshotA }),
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
    const result = await suite.gql(`query($id: ID!) { baselineProfile(id: $id) { compareReadiness { allowed reasonCode nextAction } } }`, { id: profileId });
    expect(result.errors).toBeUndefined();
    return result.data.baselineProfile.compareReadiness;
  };

  it('is allowed for an active profile with a complete snapshot', async () => {
    expect(await profileReadiness(suite.world.profileA)).toEqual({ allowed: true, reasonCode: null, nextAction: 'Compare now' });
  });

  it('is blocked for a draft profile, with the activation step', async () => {
    const draft = await insertProfile(suite.app.em(), suite.world.workspaceA, 'Another draft', 'draft');
    expect(await profileReadiness(draft)).toEqual({
      allowed: false,
      reasonCode: 'baseline.compare.profile_not_active',
      nextAction: 'Activate the assigned baseline profile or assign a different active profile.',
    });
  });
});
