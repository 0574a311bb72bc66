import { BaselineProfileSchema } from '../../src/modules/baselines/entities/baseline-profile.js';
import { BaselineSnapshotSchema, type BaselineSnapshot } from '../../src/modules/baselines/entities/baseline-snapshot.js';
import { FindingSchema, type Finding } from '../../src/modules/baselines/entities/finding.js';
import type { TestApp } from './test-app.js';

/** What `baselineProfile` shows about a profile's baseline truth. */
const PROFILE_TRUTH = `
  query ProfileTruth($id: ID!) {
    baselineProfile(id: $id) {
      effectiveSnapshot { id lifecycleState truth consumable }
      latestAttemptedSnapshot { id lifecycleState truth consumable }
      compareReadiness { allowed reasonCode snapshot { id } }
    }
  }`;

/** What `baselineSnapshot` shows about one snapshot. */
const SNAPSHOT_TRUTH = `
  query SnapshotTruth($id: ID!) {
    baselineSnapshot(id: $id) {
      id lifecycleState truth consumable usabilityLabel itemCount completionMeta
      reason { code }
      producerRun { id }
    }
  }`;

export async function profileTruth(app: TestApp, token: string, profileId: string) {
  const result = await app.gql(PROFILE_TRUTH, { id: profileId }, token);
  if (result.errors) throw new Error(`baselineProfile failed: ${JSON.stringify(result.errors)}`);
  return result.data.baselineProfile;
}

export async function snapshotTruth(app: TestApp, token: string, snapshotId: string) {
  const result = await app.gql(SNAPSHOT_TRUTH, { id: snapshotId }, token);
  if (result.errors) throw new Error(`baselineSnapshot failed: ${JSON.stringify(result.errors)}`);
  return result.data.baselineSnapshot;
}

/** The profile's snapshots, oldest capture first. */
export function snapshotsOf(app: TestApp, profileId: string): Promise<BaselineSnapshot[]> {
  return app.em().find(BaselineSnapshotSchema, { profile: profileId }, { orderBy: { capturedAt: 'asc', id: 'asc' } });
}

export function snapshotRow(app: TestApp, snapshotId: string): Promise<BaselineSnapshot> {
  return app.em().findOneOrFail(BaselineSnapshotSchema, { id: snapshotId });
}

/** The profile's cached pointer to its effective snapshot (`active_snapshot_id`). */
export async function activeSnapshotId(app: TestApp, profileId: string): Promise<string | null> {
  return (await app.em().findOneOrFail(BaselineProfileSchema, { id: profileId })).activeSnapshotId ?? null;
}

/** How many items a snapshot holds, and how many distinct subjects they cover. */
export async function storedItems(app: TestApp, snapshotId: string): Promise<{ items: number; subjects: number }> {
  const [row] = await app.em().execute<{ items: number; subjects: number }[]>(
    `select count(*)::int as items, count(distinct (subject_type, subject_external_id))::int as subjects
         from baseline_snapshot_items where baseline_snapshot_id = ?`,
    [snapshotId],
  );
  return row!;
}

/** The tenant's findings, by subject. */
export function findingsOf(app: TestApp, tenantId: string): Promise<Finding[]> {
  return app.em().find(FindingSchema, { tenant: tenantId }, { orderBy: { subjectExternalId: 'asc' } });
}
