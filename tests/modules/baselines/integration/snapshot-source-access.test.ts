import { beforeAll, describe, expect, it } from 'vitest';
import type { ActorName } from '../../../support/authorization-cases.js';
import { createAuthorizationWorld, type AuthorizationWorld } from '../../../support/authorization-world.js';
import { insertSnapshot } from '../../../support/baseline-rows.js';
import { useApp } from '../../../support/use-app.js';

const SNAPSHOT_FIELDS = `id truth itemCount sourceTenant { id } summary completionMeta producerRun { id } items(first: 10) { edges { node { subjectExternalId meta } } }`;

/** The same snapshot reached three ways: by id, as a federation entity, and as the compare input of tenant A1. */
const READS: {
  path: string;
  document: string;
  variables: (w: AuthorizationWorld, snapshotId: string) => Record<string, unknown>;
  snapshot: (data: any) => any;
}[] = [
  {
    path: 'baselineSnapshot(id)',
    document: `query($id: ID!) { baselineSnapshot(id: $id) { ${SNAPSHOT_FIELDS} } }`,
    variables: (_w, id) => ({ id }),
    snapshot: (data) => data.baselineSnapshot,
  },
  {
    path: '_entities',
    document: `query($r: [_Any!]!) { _entities(representations: $r) { ... on BaselineSnapshot { ${SNAPSHOT_FIELDS} } } }`,
    variables: (_w, id) => ({ r: [{ __typename: 'BaselineSnapshot', id }] }),
    snapshot: (data) => data._entities[0],
  },
  {
    path: 'tenant(A1).compareReadiness.snapshot',
    document: `query($id: ID!) { tenant(id: $id) { compareReadiness { snapshot { ${SNAPSHOT_FIELDS} } } } }`,
    variables: (w) => ({ id: w.tenantA1 }),
    snapshot: (data) => data.tenant.compareReadiness.snapshot,
  },
];

const PAYLOADS = [{ payload: { id: 'item-001', secret: 'A2 configuration 1' } }, { payload: { id: 'item-002', secret: 'A2 configuration 2' } }];

const suite = useApp({ world: false });
let world: AuthorizationWorld;
/** Profile A's current snapshot, captured from tenant A2 by the capture run on A2. */
let capturedFromA2: string;
/** An imported snapshot whose source tenant was never recorded. */
let sourceUnknown: string;

beforeAll(async () => {
  world = await createAuthorizationWorld(suite.app.em());
  capturedFromA2 = await insertSnapshot(suite.app.em(), {
    workspaceId: world.workspaceA,
    profileId: world.profileA,
    lifecycleState: 'complete',
    capturedAt: new Date(Date.now() + 60_000),
    summary: { total_items: 2, capture_mode: 'full_content', policy_types: ['deviceConfiguration'], source_tenant_id: world.tenantA2 },
    completionMeta: { expectedItems: 2, persistedItems: 2, producerRunId: world.runA2, wasEmptyCapture: false },
    producerRunId: world.runA2,
    items: 2,
  });
  sourceUnknown = await insertSnapshot(suite.app.em(), {
    workspaceId: world.workspaceA,
    profileId: world.draftProfileA,
    lifecycleState: 'complete',
    capturedAt: new Date(),
    summary: { total_items: 1 },
    completionMeta: { expectedItems: 1, persistedItems: 1, producerRunId: null, wasEmptyCapture: false },
    items: 1,
  });
  for (const [snapshotId, payloads] of [
    [capturedFromA2, PAYLOADS],
    [sourceUnknown, PAYLOADS.slice(0, 1)],
  ] as const) {
    await suite.app
      .em()
      .getConnection()
      .execute(`update baseline_snapshot_items i set meta = (?::jsonb) -> (i.subject_external_id) where baseline_snapshot_id = ?`, [
        JSON.stringify(Object.fromEntries(payloads.map((meta) => [meta.payload.id, meta]))),
        snapshotId,
      ]);
  }
});

const tokenOf = (actor: ActorName | 'readonlyA2') => suite.app.token(actor === 'readonlyA2' ? world.readonlyA2 : world.users[actor]);

async function read(actor: ActorName | 'readonlyA2', how: (typeof READS)[number], snapshotId: string) {
  const result = await suite.app.gql(how.document, how.variables(world, snapshotId), await tokenOf(actor));
  expect(result.errors).toBeUndefined();
  return how.snapshot(result.data);
}

const SUBJECTS = ['item-001', 'item-002'];

describe('a snapshot captured from tenant A2: workspace-owned, but its payloads and source are A2’s data', () => {
  for (const how of READS) {
    // readonlyA2 is not entitled to tenant A1, so not to its compare readiness either.
    const entitledToA2 = how.path.startsWith('tenant(A1)') ? (['ownerA', 'managerA'] as const) : (['ownerA', 'managerA', 'readonlyA2'] as const);
    it.each(entitledToA2)(`${how.path}: %s, entitled to A2, sees the payloads and the source tenant`, async (actor) => {
      expect(await read(actor, how, capturedFromA2)).toEqual({
        id: capturedFromA2,
        truth: 'CURRENT',
        itemCount: 2,
        sourceTenant: { id: world.tenantA2 },
        summary: { total_items: 2, capture_mode: 'full_content', policy_types: ['deviceConfiguration'], source_tenant_id: world.tenantA2 },
        completionMeta: { expectedItems: 2, persistedItems: 2, producerRunId: world.runA2, wasEmptyCapture: false },
        producerRun: { id: world.runA2 },
        items: { edges: PAYLOADS.map((meta, i) => ({ node: { subjectExternalId: SUBJECTS[i], meta } })) },
      });
    });

    it.each(['operatorA', 'readonlyA'] as const)(
      `${how.path}: %s, granted only A1, sees the snapshot, its truth and its subjects, without payloads or source`,
      async (actor) => {
        expect(await read(actor, how, capturedFromA2)).toEqual({
          id: capturedFromA2,
          truth: 'CURRENT',
          itemCount: 2,
          sourceTenant: null,
          summary: { total_items: 2, capture_mode: 'full_content', policy_types: ['deviceConfiguration'] },
          completionMeta: { expectedItems: 2, persistedItems: 2, wasEmptyCapture: false },
          producerRun: null,
          items: { edges: SUBJECTS.map((subjectExternalId) => ({ node: { subjectExternalId, meta: null } })) },
        });
      },
    );
  }
});

describe('a snapshot whose source tenant was never recorded: its payloads only for members who see every tenant', () => {
  const [byId] = READS;

  it.each(['ownerA', 'managerA'] as const)('%s sees the payloads, and no source tenant', async (actor) => {
    const snapshot = await read(actor, byId!, sourceUnknown);
    expect(snapshot).toMatchObject({ sourceTenant: null, items: { edges: [{ node: { subjectExternalId: 'item-001', meta: PAYLOADS[0] } }] } });
  });

  it.each(['operatorA', 'readonlyA', 'readonlyA2'] as const)('%s, granted single tenants, sees no payloads', async (actor) => {
    const snapshot = await read(actor, byId!, sourceUnknown);
    expect(snapshot).toMatchObject({
      sourceTenant: null,
      summary: { total_items: 1 },
      items: { edges: [{ node: { subjectExternalId: 'item-001', meta: null } }] },
    });
  });
});
