import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../../src/platform/ids.js';
import { ACTORS, type ActorName } from '../../../support/authorization-cases.js';
import { expectAuthorizationRule, ruleTitle } from '../../../support/authorization-rule.js';
import { createAuthorizationWorld, type AuthorizationWorld } from '../../../support/authorization-world.js';
import { insertFinding, insertSnapshot } from '../../../support/baseline-rows.js';
import { READ_CASES, START_CASES } from '../../../support/baseline-authorization-cases.js';
import { databaseFingerprint } from '../../../support/database-fingerprint.js';
import { useApp } from '../../../support/use-app.js';

const suite = useApp({ world: false });
/** Shared by the read-only tests; every start builds a world of its own. */
let world: AuthorizationWorld;
/** A snapshot of workspace A produced by the capture run on tenant A2. */
let producedOnA2: string;

beforeAll(async () => {
  world = await createAuthorizationWorld(suite.app.em());
  for (const tenant of ['tenantA1', 'tenantA2'] as const) {
    await insertFinding(suite.app.em(), {
      workspaceId: world.workspaceA,
      tenantId: world[tenant],
      profileId: world.profileA,
      snapshotId: world.snapshotA,
      subjectExternalId: `finding-${tenant.slice(-2)}`,
    });
  }
  producedOnA2 = await insertSnapshot(suite.app.em(), {
    workspaceId: world.workspaceA,
    profileId: world.draftProfileA,
    lifecycleState: 'building',
    capturedAt: new Date(),
    producerRunId: world.runA2,
  });
});

const tokenOf = (w: AuthorizationWorld, actor: ActorName | 'readonlyA2') => suite.app.token(actor === 'readonlyA2' ? w.readonlyA2 : w.users[actor]);

describe('starting capture and compare: non-members and unentitled members get NOT_FOUND, members without the capability FORBIDDEN', () => {
  for (const c of START_CASES) {
    for (const actor of ACTORS)
      it(ruleTitle(c, actor), async () => expectAuthorizationRule(suite.app, c, actor, await createAuthorizationWorld(suite.app.em())));
  }

  it.each([
    ['ownerA', 'the profile of B from tenant A1', (w: AuthorizationWorld) => ({ p: w.profileB, t: w.tenantA1 })],
    ['ownerB', 'the profile of B from tenant A1', (w: AuthorizationWorld) => ({ p: w.profileB, t: w.tenantA1 })],
    ['ownerB', 'the profile of A from tenant B1', (w: AuthorizationWorld) => ({ p: w.profileA, t: w.tenantB1 })],
  ] as const)('capture never joins two workspaces: %s capturing %s gets NOT_FOUND', async (actor, _what, variables) => {
    const w = await createAuthorizationWorld(suite.app.em());
    const before = await databaseFingerprint(suite.app.em());
    const result = await suite.app.gql(
      `mutation($p: ID!, $t: ID!) { startBaselineCapture(profileId: $p, sourceTenantId: $t) { __typename } }`,
      variables(w),
      await tokenOf(w, actor),
    );
    expect(result.data).toBeNull();
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(await databaseFingerprint(suite.app.em())).toEqual(before);
  });
});

describe('blocked starts are data, never errors, and change nothing', () => {
  async function expectBlocked(
    actor: ActorName,
    document: string,
    variables: (w: AuthorizationWorld) => Record<string, unknown>,
    arrange?: (w: AuthorizationWorld) => Promise<void>,
  ) {
    const w = await createAuthorizationWorld(suite.app.em());
    await arrange?.(w);
    const before = await databaseFingerprint(suite.app.em());
    const result = await suite.app.gql(document, variables(w), await tokenOf(w, actor));
    expect(result.errors).toBeUndefined();
    expect(await databaseFingerprint(suite.app.em())).toEqual(before);
    return { data: result.data, w };
  }

  const CAPTURE = `mutation($p: ID!, $t: ID!) {
    startBaselineCapture(profileId: $p, sourceTenantId: $t) { __typename ... on CaptureBlocked { reason { code label nextStep } } }
  }`;
  const COMPARE = `mutation($t: ID!, $s: ID) {
    startBaselineCompare(tenantId: $t, baselineSnapshotId: $s) {
      __typename
      ... on CompareBlocked { availability { allowed reasonCode nextAction snapshot { id } effectiveSnapshot { id } } }
    }
  }`;

  it('capturing a draft profile returns CaptureBlocked with the operator reason', async () => {
    const { data } = await expectBlocked('managerA', CAPTURE, (w) => ({ p: w.draftProfileA, t: w.tenantA1 }));
    expect(data.startBaselineCapture).toEqual({
      __typename: 'CaptureBlocked',
      reason: {
        code: 'baseline.capture.profile_not_active',
        label: 'Baseline profile inactive',
        nextStep: 'Activate the baseline profile before retrying this action.',
      },
    });
  });

  it('capturing from an archived source tenant returns CaptureBlocked', async () => {
    const { data } = await expectBlocked(
      'ownerA',
      CAPTURE,
      (w) => ({ p: w.profileA, t: w.tenantA1 }),
      async (w) => {
        await suite.app.em().getConnection().execute(`update tenants set status = 'archived', archived_at = now() where id = ?`, [w.tenantA1]);
      },
    );
    expect(data.startBaselineCapture).toMatchObject({ __typename: 'CaptureBlocked', reason: { code: 'baseline.capture.missing_source_tenant' } });
  });

  it('comparing against a building snapshot returns CompareBlocked with the effective snapshot still named', async () => {
    let building = '';
    const { data, w } = await expectBlocked(
      'operatorA',
      COMPARE,
      (w) => ({ t: w.tenantA1, s: building }),
      async (w) => {
        building = await insertSnapshot(suite.app.em(), {
          workspaceId: w.workspaceA,
          profileId: w.profileA,
          lifecycleState: 'building',
          capturedAt: new Date(),
        });
      },
    );
    expect(data.startBaselineCompare).toEqual({
      __typename: 'CompareBlocked',
      availability: {
        allowed: false,
        reasonCode: 'baseline.compare.snapshot_building',
        nextAction: 'Wait for capture to finish or use the current complete snapshot instead.',
        snapshot: null,
        effectiveSnapshot: { id: w.snapshotA },
      },
    });
  });

  it('a snapshot of another workspace reads exactly like an unknown snapshot id: the same CompareBlocked', async () => {
    let foreign = '';
    const { data } = await expectBlocked(
      'ownerA',
      COMPARE,
      (w) => ({ t: w.tenantA1, s: foreign }),
      async (w) => {
        foreign = await insertSnapshot(suite.app.em(), {
          workspaceId: w.workspaceB,
          profileId: w.profileB,
          lifecycleState: 'complete',
          capturedAt: new Date(),
        });
      },
    );
    const unknown = await expectBlocked('ownerA', COMPARE, (w) => ({ t: w.tenantA1, s: newId() }));
    expect(data.startBaselineCompare.availability).toMatchObject({ allowed: false, reasonCode: 'baseline.compare.invalid_snapshot', snapshot: null });
    expect({ ...data.startBaselineCompare.availability, effectiveSnapshot: null }).toEqual({
      ...unknown.data.startBaselineCompare.availability,
      effectiveSnapshot: null,
    });
  });

  it('authorization comes before readiness: a readonly member gets FORBIDDEN, not the blocked reason', async () => {
    const w = await createAuthorizationWorld(suite.app.em());
    const result = await suite.app.gql(COMPARE, { t: w.tenantA1, s: newId() }, await tokenOf(w, 'readonlyA'));
    expect(result.data).toBeNull();
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['startBaselineCompare'], 'FORBIDDEN']]);
  });
});

describe('baseline reads: non-members and unentitled members get NOT_FOUND, entitled members the truth', () => {
  for (const c of READ_CASES) for (const actor of ACTORS) it(ruleTitle(c, actor), () => expectAuthorizationRule(suite.app, c, actor, world));
});

describe("BaselineSnapshot.producerRun is shown only to actors entitled to the run's tenant", () => {
  const PRODUCER = `query($id: ID!) { baselineSnapshot(id: $id) { id producerRun { id } } }`;

  it.each([
    ['ownerA', 'and its run: owners see every tenant', true],
    ['managerA', 'and its run: managers see every tenant', true],
    ['readonlyA2', 'and its run: granted tenant A2', true],
    ['operatorA', 'but no run: granted only tenant A1', false],
    ['readonlyA', 'but no run: granted only tenant A1', false],
  ] as const)('%s sees the workspace-owned snapshot %s', async (actor, _why, seesRun) => {
    const result = await suite.app.gql(PRODUCER, { id: producedOnA2 }, await tokenOf(world, actor));
    expect(result.errors).toBeUndefined();
    expect(result.data.baselineSnapshot).toEqual({ id: producedOnA2, producerRun: seesRun ? { id: world.runA2 } : null });
  });

  it.each(['ownerB', 'outsider'] as const)('%s does not see the snapshot at all', async (actor) => {
    const result = await suite.app.gql(PRODUCER, { id: producedOnA2 }, await tokenOf(world, actor));
    expect(result.data.baselineSnapshot).toBeNull();
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
  });
});
