import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LegacyRule } from '../../../../src/modules/baselines/domain/legacy-snapshot-classifier.js';
import { insertProfile, insertRun, insertSnapshot } from '../../../support/baseline-rows.js';
import { cliEnvFor, runCli } from '../../../support/cli-process.js';
import { databaseFingerprint } from '../../../support/database-fingerprint.js';
import { createDatabaseMigratedTo } from '../../../support/partially-migrated-database.js';
import { startTestAppOn, type TestApp } from '../../../support/test-app.js';
import { createWorld, type World } from '../../../support/world.js';

const INITIAL_SCHEMA = 'Migration20261126000000_initial_schema';
const BACKFILL = 'Migration20261126010000_legacy_snapshot_backfill';

const CAPTURED_AT = new Date('2025-02-03T10:00:00.000Z');
const UPDATED_AT = new Date('2025-02-03T11:30:00.000Z');
const RUN_COMPLETED_AT = new Date('2025-02-03T10:04:00.000Z');

let app: TestApp;
let world: World;
let token: string;

/** Each legacy row lives in a profile of its own, so the profile's effective snapshot is that row or nothing. */
const newProfile = (name: string) => insertProfile(app.em(), world.workspaceA, name);

function legacySnapshot(profileId: string, row: { summary?: Record<string, unknown>; items: number; producerRunId?: string }) {
  return insertSnapshot(app.em(), {
    workspaceId: world.workspaceA,
    profileId,
    lifecycleState: null,
    capturedAt: CAPTURED_AT,
    updatedAt: UPDATED_AT,
    summary: row.summary ?? {},
    items: row.items,
    producerRunId: row.producerRunId ?? null,
  });
}

function captureRun(outcome: 'succeeded' | 'failed', context: Record<string, unknown>) {
  return insertRun(app.em(), {
    workspaceId: world.workspaceA,
    tenantId: world.tenantA1,
    type: 'baseline_capture',
    status: 'completed',
    outcome,
    context,
    completedAt: RUN_COMPLETED_AT,
  });
}

interface LegacyCase {
  name: string;
  /** Inserts the legacy row and its evidence; returns the row and the run that should end up linked to it. */
  arrange(profileId: string): Promise<{ snapshotId: string; linkedRunId: string | null }>;
  rule: LegacyRule;
  expectedItems: number | null;
  persistedItems: number;
  wasEmptyCapture: boolean;
}

/** One legacy row per row of the spec 159 decision table, plus the ways evidence can fall short. */
const CASES: LegacyCase[] = [
  {
    name: 'count proof: summary total_items 3, 3 items persisted',
    arrange: async (profileId) => ({ snapshotId: await legacySnapshot(profileId, { summary: { total_items: 3 }, items: 3 }), linkedRunId: null }),
    rule: 'count_proof',
    expectedItems: 3,
    persistedItems: 3,
    wasEmptyCapture: false,
  },
  {
    name: 'contradictory counts: summary says 10, 8 items persisted',
    arrange: async (profileId) => ({ snapshotId: await legacySnapshot(profileId, { summary: { total_items: 10 }, items: 8 }), linkedRunId: null }),
    rule: 'contradictory',
    expectedItems: 10,
    persistedItems: 8,
    wasEmptyCapture: false,
  },
  {
    name: 'producer-run proof: the row names a succeeded run that captured its 4 items',
    arrange: async (profileId) => {
      const run = await captureRun('succeeded', { profileId, result: { items_captured: 4 } });
      return { snapshotId: await legacySnapshot(profileId, { items: 4, producerRunId: run }), linkedRunId: run };
    },
    rule: 'producer_run_proof',
    expectedItems: 4,
    persistedItems: 4,
    wasEmptyCapture: false,
  },
  {
    name: 'producer-run proof: a succeeded run whose result names the row, which does not name the run',
    arrange: async (profileId) => {
      const snapshotId = await legacySnapshot(profileId, { items: 2 });
      return { snapshotId, linkedRunId: await captureRun('succeeded', { profileId, result: { snapshot_id: snapshotId, items_captured: 2 } }) };
    },
    rule: 'producer_run_proof',
    expectedItems: 2,
    persistedItems: 2,
    wasEmptyCapture: false,
  },
  {
    name: 'proven empty capture: no items, and the succeeded run saw zero subjects in scope',
    arrange: async (profileId) => {
      const run = await captureRun('succeeded', { profileId, baseline_capture: { subjects_total: 0 } });
      return { snapshotId: await legacySnapshot(profileId, { items: 0, producerRunId: run }), linkedRunId: run };
    },
    rule: 'empty_capture_proof',
    expectedItems: 0,
    persistedItems: 0,
    wasEmptyCapture: true,
  },
  {
    name: 'contradictory: the producer run failed although summary, run and items all count 5',
    arrange: async (profileId) => {
      const run = await captureRun('failed', { profileId, result: { items_captured: 5 } });
      return { snapshotId: await legacySnapshot(profileId, { summary: { total_items: 5 }, items: 5, producerRunId: run }), linkedRunId: run };
    },
    rule: 'contradictory',
    expectedItems: 5,
    persistedItems: 5,
    wasEmptyCapture: false,
  },
  {
    name: 'partial evidence: a succeeded producer run that recorded no counts',
    arrange: async (profileId) => {
      const run = await captureRun('succeeded', { profileId });
      return { snapshotId: await legacySnapshot(profileId, { items: 2, producerRunId: run }), linkedRunId: run };
    },
    rule: 'contradictory',
    expectedItems: null,
    persistedItems: 2,
    wasEmptyCapture: false,
  },
  {
    name: 'no proof: items but no summary count and no run',
    arrange: async (profileId) => ({ snapshotId: await legacySnapshot(profileId, { items: 2 }), linkedRunId: null }),
    rule: 'no_proof',
    expectedItems: null,
    persistedItems: 2,
    wasEmptyCapture: false,
  },
  {
    name: 'no proof: a succeeded capture of the same profile that does not name the row is not its producer',
    arrange: async (profileId) => {
      await captureRun('succeeded', { profileId, result: { items_captured: 2 } });
      return { snapshotId: await legacySnapshot(profileId, { items: 2 }), linkedRunId: null };
    },
    rule: 'no_proof',
    expectedItems: null,
    persistedItems: 2,
    wasEmptyCapture: false,
  },
];

const COMPLETE_RULES: readonly LegacyRule[] = ['count_proof', 'producer_run_proof', 'empty_capture_proof'];

interface Arranged extends LegacyCase {
  profileId: string;
  snapshotId: string;
  linkedRunId: string | null;
}

let arranged: Arranged[];
let applied: string[];
/** Rows that had a lifecycle state before the backfill, as they were. */
let classifiedBefore: Record<string, unknown>[];

const SNAPSHOT_COLUMNS = 'id, lifecycle_state, completed_at, failed_at, completion_meta, producer_run_id, updated_at';

/** Snapshot rows as stored, timestamps as Dates. */
async function snapshotRows(where: string, params: unknown[]): Promise<Record<string, any>[]> {
  const rows = await app.em().getConnection().execute(`select ${SNAPSHOT_COLUMNS} from baseline_snapshots where ${where} order by id`, params);
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return rows.map((row: Record<string, any>) => ({
    ...row,
    completed_at: date(row.completed_at),
    failed_at: date(row.failed_at),
    updated_at: date(row.updated_at),
  }));
}

const PROFILE_TRUTH = `query($id: ID!) {
  baselineProfile(id: $id) {
    effectiveSnapshot { id }
    compareReadiness { allowed reasonCode }
    snapshots { edges { node { id lifecycleState lifecyclePresentation { label } consumable truth usabilityLabel reason { code } } } }
  }
}`;

async function profileTruth(profileId: string) {
  const result = await app.gql(PROFILE_TRUTH, { id: profileId }, token);
  expect(result.errors).toBeUndefined();
  return result.data.baselineProfile;
}

beforeAll(async () => {
  app = await startTestAppOn(await createDatabaseMigratedTo(INITIAL_SCHEMA));
  world = await createWorld(app.em());
  token = await app.token(world.users.ownerA);

  const building = await newProfile('Already building');
  await insertSnapshot(app.em(), { workspaceId: world.workspaceA, profileId: building, lifecycleState: 'building', capturedAt: CAPTURED_AT, items: 1 });
  await insertSnapshot(app.em(), {
    workspaceId: world.workspaceA,
    profileId: building,
    lifecycleState: 'incomplete',
    capturedAt: CAPTURED_AT,
    completionMeta: {
      expectedItems: 3,
      persistedItems: 1,
      producerRunId: null,
      wasEmptyCapture: false,
      finalizationReasonCode: 'baseline.snapshot.capture_failed',
    },
    items: 1,
  });
  arranged = [];
  for (const c of CASES) {
    const profileId = await newProfile(c.name);
    arranged.push({ ...c, profileId, ...(await c.arrange(profileId)) });
  }
  classifiedBefore = await snapshotRows('lifecycle_state is not null', []);

  applied = (await app.orm.getMigrator().up()).map((migration) => migration.name);
});
afterAll(() => app?.close());

describe('the legacy backfill migration', () => {
  it('runs right after the initial schema, before any later migration', () => {
    expect(applied[0]).toBe(BACKFILL);
  });

  it('classifies every unclassified row and touches no row that already had a lifecycle state', async () => {
    expect(await snapshotRows('lifecycle_state is null', [])).toEqual([]);
    expect(classifiedBefore).toHaveLength(3);
    expect(await snapshotRows('lifecycle_state is not null and id in (?)', [classifiedBefore.map((row) => row.id)])).toEqual(classifiedBefore);
  });

  describe.each(CASES.map((c) => [c.name, c.rule] as const))('%s', (name, rule) => {
    const complete = COMPLETE_RULES.includes(rule);
    const the = () => arranged.find((c) => c.name === name)!;

    it(`is classified ${complete ? 'complete' : 'incomplete'} by ${rule}, with its timestamps and proof metadata`, async () => {
      const c = the();
      const [row] = await snapshotRows('id = ?', [c.snapshotId]);
      expect(row).toMatchObject({
        lifecycle_state: complete ? 'complete' : 'incomplete',
        completed_at: complete ? (c.linkedRunId ? RUN_COMPLETED_AT : CAPTURED_AT) : null,
        failed_at: complete ? null : UPDATED_AT,
        producer_run_id: c.linkedRunId,
      });
      expect(row!.completion_meta).toEqual({
        expectedItems: c.expectedItems,
        persistedItems: c.persistedItems,
        producerRunId: c.linkedRunId,
        wasEmptyCapture: c.wasEmptyCapture,
        finalizationReasonCode: `baseline.snapshot.legacy_${rule}`,
        classifiedBy: 'legacy_backfill',
        rule,
      });
    });

    it(complete ? "is consumable and becomes its profile's effective snapshot" : 'is not consumable, and its profile has no effective snapshot', async () => {
      const c = the();
      const profile = await profileTruth(c.profileId);
      expect(profile.snapshots.edges).toEqual([
        {
          node: {
            id: c.snapshotId,
            lifecycleState: complete ? 'COMPLETE' : 'INCOMPLETE',
            lifecyclePresentation: { label: complete ? 'Complete' : 'Incomplete' },
            consumable: complete,
            truth: complete ? 'CURRENT' : 'NOT_USABLE',
            usabilityLabel: complete ? 'Current baseline' : 'Not usable for compare',
            reason: complete ? null : { code: `baseline.snapshot.legacy_${rule}` },
          },
        },
      ]);
      expect(profile.effectiveSnapshot).toEqual(complete ? { id: c.snapshotId } : null);
      expect(profile.compareReadiness).toEqual(
        complete ? { allowed: true, reasonCode: null } : { allowed: false, reasonCode: 'baseline.compare.snapshot_incomplete' },
      );
    });
  });
});

describe('npm run cli -- snapshots:backfill', () => {
  const backfill = () => runCli(['snapshots:backfill'], cliEnvFor(app.config));

  it('after the migration finds nothing to classify and changes nothing', async () => {
    const before = await databaseFingerprint(app.em());
    const result = await backfill();
    expect(result).toMatchObject({ code: 0, stdout: 'Classified 0 snapshot(s).\n' });
    expect(await databaseFingerprint(app.em())).toEqual(before);
  });

  it('classifies a row imported later, which is never consumable until it is classified', async () => {
    const profileId = await newProfile('Imported later');
    const snapshotId = await legacySnapshot(profileId, { summary: { total_items: 2 }, items: 2 });

    const unclassified = await profileTruth(profileId);
    expect(unclassified.snapshots.edges.map((edge: any) => edge.node)).toEqual([
      {
        id: snapshotId,
        lifecycleState: null,
        lifecyclePresentation: { label: 'Unclassified' },
        consumable: false,
        truth: 'NOT_USABLE',
        usabilityLabel: 'Not usable for compare',
        reason: { code: 'baseline.snapshot.incomplete' },
      },
    ]);
    expect(unclassified.effectiveSnapshot).toBeNull();
    expect(unclassified.compareReadiness).toEqual({ allowed: false, reasonCode: 'baseline.compare.no_consumable_snapshot' });

    const result = await backfill();
    expect(result).toMatchObject({
      code: 0,
      stdout: 'Classified 1 snapshot(s) (count_proof: 1, producer_run_proof: 0, empty_capture_proof: 0, contradictory: 0, no_proof: 0).\n',
    });

    const classified = await profileTruth(profileId);
    expect(classified.snapshots.edges.map((edge: any) => edge.node)).toMatchObject([
      { id: snapshotId, lifecycleState: 'COMPLETE', consumable: true, truth: 'CURRENT' },
    ]);
    expect(classified.effectiveSnapshot).toEqual({ id: snapshotId });
    expect(classified.compareReadiness).toEqual({ allowed: true, reasonCode: null });
    const [row] = await snapshotRows('id = ?', [snapshotId]);
    expect(row!.completion_meta).toMatchObject({ rule: 'count_proof', expectedItems: 2, persistedItems: 2, classifiedBy: 'legacy_backfill' });
  });
});
