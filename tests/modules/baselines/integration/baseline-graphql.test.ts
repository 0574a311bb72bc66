import { beforeAll, describe, expect, it } from 'vitest';
import { insertProfile, insertRun, insertSnapshot, type SnapshotRow } from '../../../support/baseline-rows.js';
import { useApp } from '../../../support/use-app.js';

const T0 = new Date('2026-01-05T08:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const suite = useApp();

/** One profile with a snapshot in every state: two complete (the newer is current), building, incomplete twice, unclassified. */
let history: {
  profileId: string;
  producerRunId: string;
  older: string;
  current: string;
  building: string;
  failed: string;
  incomplete: string;
  unclassified: string;
};
/** Profiles whose latest attempt differs from their effective snapshot. */
let latestBuilding: { profileId: string; complete: string; building: string };
let latestIncomplete: { profileId: string; complete: string; incomplete: string };

const gql = async (query: string, variables: Record<string, unknown> = {}) => {
  const result = await suite.gql(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data;
};

beforeAll(async () => {
  const em = suite.app.em();
  const snapshot = (profileId: string, minute: number, row: Omit<SnapshotRow, 'workspaceId' | 'profileId' | 'capturedAt'>) =>
    insertSnapshot(em, { workspaceId: suite.world.workspaceA, profileId, capturedAt: at(minute), ...row });

  const profileId = await insertProfile(em, suite.world.workspaceA, 'History');
  const producerRunId = await insertRun(em, {
    workspaceId: suite.world.workspaceA,
    tenantId: suite.world.tenantA1,
    type: 'baseline_capture',
    status: 'completed',
    completedAt: at(11),
  });
  history = {
    profileId,
    producerRunId,
    older: await snapshot(profileId, 0, { lifecycleState: 'complete', items: 2 }),
    current: await snapshot(profileId, 10, {
      lifecycleState: 'complete',
      items: 5,
      producerRunId,
      completionMeta: { expectedItems: 5, persistedItems: 5, producerRunId, wasEmptyCapture: false },
    }),
    building: await snapshot(profileId, 20, { lifecycleState: 'building', items: 1 }),
    failed: await snapshot(profileId, 30, {
      lifecycleState: 'incomplete',
      items: 1,
      completionMeta: {
        expectedItems: 4,
        persistedItems: 1,
        producerRunId: null,
        wasEmptyCapture: false,
        finalizationReasonCode: 'baseline.snapshot.capture_failed',
      },
    }),
    incomplete: await snapshot(profileId, 40, { lifecycleState: 'incomplete' }),
    unclassified: await snapshot(profileId, 50, { lifecycleState: null, summary: { total_items: 3 }, items: 3 }),
  };

  const buildingProfile = await insertProfile(em, suite.world.workspaceA, 'Recapturing');
  latestBuilding = {
    profileId: buildingProfile,
    complete: await snapshot(buildingProfile, 0, { lifecycleState: 'complete' }),
    building: await snapshot(buildingProfile, 10, { lifecycleState: 'building' }),
  };
  const incompleteProfile = await insertProfile(em, suite.world.workspaceA, 'Failed recapture');
  latestIncomplete = {
    profileId: incompleteProfile,
    complete: await snapshot(incompleteProfile, 0, { lifecycleState: 'complete' }),
    incomplete: await snapshot(incompleteProfile, 10, { lifecycleState: 'incomplete' }),
  };
});

const SNAPSHOT = `query($id: ID!) {
  baselineSnapshot(id: $id) {
    id lifecycleState lifecyclePresentation { label tone } truth consumable usabilityLabel
    reason { code label explanation nextStep } completionMeta completedAt failedAt itemCount producerRun { id }
  }
}`;

describe('BaselineSnapshot truth fields', () => {
  it('the latest complete snapshot is current, consumable, and carries its completion proof', async () => {
    const { baselineSnapshot } = await gql(SNAPSHOT, { id: history.current });
    expect(baselineSnapshot).toEqual({
      id: history.current,
      lifecycleState: 'COMPLETE',
      lifecyclePresentation: { label: 'Complete', tone: 'SUCCESS' },
      truth: 'CURRENT',
      consumable: true,
      usabilityLabel: 'Current baseline',
      reason: null,
      completionMeta: { expectedItems: 5, persistedItems: 5, producerRunId: history.producerRunId, wasEmptyCapture: false },
      completedAt: at(11).toISOString(),
      failedAt: null,
      itemCount: 5,
      producerRun: { id: history.producerRunId },
    });
  });

  it('an older complete snapshot is superseded: still complete and viewable, but not current baseline truth', async () => {
    const { baselineSnapshot } = await gql(SNAPSHOT, { id: history.older });
    expect(baselineSnapshot).toMatchObject({
      lifecycleState: 'COMPLETE',
      truth: 'SUPERSEDED',
      consumable: true,
      usabilityLabel: 'Superseded',
      reason: {
        code: 'baseline.snapshot.superseded',
        label: 'Snapshot superseded',
        nextStep: 'Use the current complete snapshot for compare instead of this historical copy.',
      },
      itemCount: 2,
    });
  });

  it('a building snapshot is not usable and says it is still building', async () => {
    const { baselineSnapshot } = await gql(SNAPSHOT, { id: history.building });
    expect(baselineSnapshot).toMatchObject({
      lifecycleState: 'BUILDING',
      lifecyclePresentation: { label: 'Building', tone: 'INFO' },
      truth: 'NOT_USABLE',
      consumable: false,
      usabilityLabel: 'Building',
      reason: { code: 'baseline.snapshot.building', label: 'Baseline still building' },
      completedAt: null,
      failedAt: null,
    });
  });

  it('an incomplete snapshot explains itself with the reason recorded when it was finalized', async () => {
    const { baselineSnapshot } = await gql(SNAPSHOT, { id: history.failed });
    expect(baselineSnapshot).toMatchObject({
      lifecycleState: 'INCOMPLETE',
      lifecyclePresentation: { label: 'Incomplete' },
      truth: 'NOT_USABLE',
      consumable: false,
      usabilityLabel: 'Not usable for compare',
      reason: {
        code: 'baseline.snapshot.capture_failed',
        label: 'Baseline capture failed',
        explanation: 'Snapshot capture stopped after the row was created, so the artifact remains unusable.',
      },
      completionMeta: { expectedItems: 4, persistedItems: 1, finalizationReasonCode: 'baseline.snapshot.capture_failed' },
      completedAt: null,
      failedAt: at(32).toISOString(),
      itemCount: 1,
    });
  });

  it('an incomplete snapshot without a recorded reason falls back to the generic incomplete reason', async () => {
    const { baselineSnapshot } = await gql(SNAPSHOT, { id: history.incomplete });
    expect(baselineSnapshot).toMatchObject({ truth: 'NOT_USABLE', consumable: false, reason: { code: 'baseline.snapshot.incomplete' }, itemCount: 0 });
  });

  it('an unclassified legacy snapshot is never consumable, whatever its counts', async () => {
    const { baselineSnapshot } = await gql(SNAPSHOT, { id: history.unclassified });
    expect(baselineSnapshot).toMatchObject({
      lifecycleState: null,
      lifecyclePresentation: { label: 'Unclassified', tone: 'WARNING' },
      truth: 'NOT_USABLE',
      consumable: false,
      usabilityLabel: 'Not usable for compare',
      reason: { code: 'baseline.snapshot.incomplete' },
      itemCount: 3,
    });
  });
});

const PROFILE = `query($id: ID!) {
  baselineProfile(id: $id) {
    effectiveSnapshot { id lifecycleState }
    latestAttemptedSnapshot { id lifecycleState }
    compareReadiness { allowed snapshot { id } reasonCode nextAction }
  }
}`;

describe('BaselineProfile effective vs latest attempted snapshot', () => {
  it('while a recapture is building, the older complete snapshot stays effective and compare uses it', async () => {
    const { baselineProfile } = await gql(PROFILE, { id: latestBuilding.profileId });
    expect(baselineProfile).toEqual({
      effectiveSnapshot: { id: latestBuilding.complete, lifecycleState: 'COMPLETE' },
      latestAttemptedSnapshot: { id: latestBuilding.building, lifecycleState: 'BUILDING' },
      compareReadiness: { allowed: true, snapshot: { id: latestBuilding.complete }, reasonCode: null, nextAction: 'Compare now' },
    });
  });

  it('after a failed recapture, the older complete snapshot stays effective and compare uses it', async () => {
    const { baselineProfile } = await gql(PROFILE, { id: latestIncomplete.profileId });
    expect(baselineProfile).toEqual({
      effectiveSnapshot: { id: latestIncomplete.complete, lifecycleState: 'COMPLETE' },
      latestAttemptedSnapshot: { id: latestIncomplete.incomplete, lifecycleState: 'INCOMPLETE' },
      compareReadiness: { allowed: true, snapshot: { id: latestIncomplete.complete }, reasonCode: null, nextAction: 'Compare now' },
    });
  });

  it('the effective snapshot is the latest complete one even when the newest attempt is unclassified', async () => {
    const { baselineProfile } = await gql(PROFILE, { id: history.profileId });
    expect(baselineProfile.effectiveSnapshot).toEqual({ id: history.current, lifecycleState: 'COMPLETE' });
    expect(baselineProfile.latestAttemptedSnapshot).toEqual({ id: history.unclassified, lifecycleState: null });
  });
});

const SNAPSHOTS = `query($id: ID!, $filter: BaselineSnapshotFilter, $first: Int) {
  baselineProfile(id: $id) { snapshots(filter: $filter, first: $first) { edges { node { id lifecycleState } } } }
}`;

describe('BaselineProfile.snapshots', () => {
  const ids = async (filter: Record<string, unknown> | null) =>
    (await gql(SNAPSHOTS, { id: history.profileId, filter })).baselineProfile.snapshots.edges.map((edge: any) => edge.node.id);

  it('lists every snapshot, unclassified ones included, newest first', async () => {
    expect(await ids(null)).toEqual([history.unclassified, history.incomplete, history.failed, history.building, history.current, history.older]);
  });

  it('filters by lifecycle state', async () => {
    expect(await ids({ lifecycleState: ['COMPLETE'] })).toEqual([history.current, history.older]);
    expect(await ids({ lifecycleState: ['BUILDING', 'INCOMPLETE'] })).toEqual([history.incomplete, history.failed, history.building]);
  });

  it('a lifecycle filter never matches unclassified snapshots', async () => {
    const all = await ids({ lifecycleState: ['BUILDING', 'COMPLETE', 'INCOMPLETE'] });
    expect(all).toHaveLength(5);
    expect(all).not.toContain(history.unclassified);
  });
});

const ITEMS = `query($id: ID!, $first: Int, $after: String) {
  baselineSnapshot(id: $id) {
    itemCount
    items(first: $first, after: $after) { edges { node { subjectType subjectExternalId displayName } } pageInfo { hasNextPage endCursor } }
  }
}`;

describe('BaselineSnapshot.items', () => {
  it('pages through the captured subjects in subject order without gaps or repeats', async () => {
    const seen: string[] = [];
    const pages: boolean[] = [];
    let after: string | null = null;
    do {
      const { baselineSnapshot } = await gql(ITEMS, { id: history.current, first: 2, after });
      expect(baselineSnapshot.itemCount).toBe(5);
      seen.push(...baselineSnapshot.items.edges.map((edge: any) => edge.node.subjectExternalId));
      pages.push(baselineSnapshot.items.pageInfo.hasNextPage);
      after = baselineSnapshot.items.pageInfo.hasNextPage ? baselineSnapshot.items.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(['item-001', 'item-002', 'item-003', 'item-004', 'item-005']);
    expect(pages).toEqual([true, true, false]);
  });
});

describe('reason catalog through GraphQL', () => {
  it('reasonCatalog lists every baseline reason with its operator wording', async () => {
    const { reasonCatalog } = await gql(`{ reasonCatalog { code label explanation nextStep } }`);
    const byCode = new Map(reasonCatalog.map((reason: any) => [reason.code, reason]));
    expect(byCode.get('baseline.compare.no_consumable_snapshot')).toEqual({
      code: 'baseline.compare.no_consumable_snapshot',
      label: 'Current baseline unavailable',
      explanation: 'No complete baseline snapshot is currently available for compare.',
      nextStep: 'Capture a baseline and wait for it to complete before comparing.',
    });
    for (const code of [
      'baseline.snapshot.legacy_no_proof',
      'baseline.snapshot.legacy_contradictory',
      'baseline.compare.snapshot_building',
      'baseline.compare.tenant_archived',
    ]) {
      expect(byCode.has(code), code).toBe(true);
    }
  });

  it('reason(code) explains a known code and keeps an unknown one with a safe generic explanation', async () => {
    const known = await gql(`query($c: String!) { reason(code: $c) { code label nextStep } }`, { c: 'baseline.compare.no_assignment' });
    expect(known.reason).toEqual({
      code: 'baseline.compare.no_assignment',
      label: 'No baseline assigned',
      nextStep: 'Assign a baseline profile to the tenant before starting compare.',
    });
    const unknown = await gql(`query($c: String!) { reason(code: $c) { code label } }`, { c: 'baseline.snapshot.from_the_future' });
    expect(unknown.reason).toEqual({ code: 'baseline.snapshot.from_the_future', label: 'Run needs review' });
  });
});
