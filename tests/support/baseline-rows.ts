import type { EntityManager } from '@mikro-orm/postgresql';
import { sha256 } from '../../src/platform/canonical-json.js';
import { findingScopeKey } from '../../src/modules/baselines/domain/drift.js';
import { newId } from '../../src/platform/ids.js';
import type { RunOutcome, RunStatus } from '../../src/modules/operation-runs/domain/run-states.js';
import type { SnapshotLifecycleState } from '../../src/modules/baselines/domain/snapshot-lifecycle.js';
import { BaselineProfileSchema, type BaselineProfileStatus } from '../../src/modules/baselines/entities/baseline-profile.js';
import { BaselineTenantAssignmentSchema } from '../../src/modules/baselines/entities/baseline-tenant-assignment.js';
import { FindingSchema } from '../../src/modules/baselines/entities/finding.js';

/**
 * Baseline rows inserted directly, in any state: profiles, assignments, snapshots (including the
 * unclassified, null-lifecycle rows an earlier system left behind), items, runs and findings.
 * Fixture data, not behaviour under test.
 */

export async function insertProfile(em: EntityManager, workspaceId: string, name: string, status: BaselineProfileStatus = 'active'): Promise<string> {
  const id = newId();
  em.create(BaselineProfileSchema, { id, workspace: workspaceId, name, status, scope: { policyTypes: ['deviceConfiguration'] } });
  await em.flush();
  return id;
}

export async function assignProfile(em: EntityManager, workspaceId: string, tenantId: string, profileId: string): Promise<void> {
  em.create(BaselineTenantAssignmentSchema, { id: newId(), workspace: workspaceId, tenant: tenantId, profile: profileId });
  await em.flush();
}

export interface SnapshotRow {
  workspaceId: string;
  profileId: string;
  /** null: an imported row the legacy backfill has not classified. */
  lifecycleState: SnapshotLifecycleState | null;
  capturedAt: Date;
  /** Defaults to a minute after capture for complete rows. */
  completedAt?: Date | null;
  /** Defaults to two minutes after capture for incomplete rows. */
  failedAt?: Date | null;
  /** Defaults to the capture time. */
  updatedAt?: Date;
  summary?: Record<string, unknown>;
  completionMeta?: Record<string, unknown> | null;
  producerRunId?: string | null;
  /** How many items to persist (subjects `item-001`, `item-002`, ...). */
  items?: number;
}

const minutesAfter = (date: Date, minutes: number) => new Date(date.getTime() + minutes * 60_000);

/** Inserts a snapshot whose time-ordered id matches its capture time, so id order is capture order. */
export async function insertSnapshot(em: EntityManager, row: SnapshotRow): Promise<string> {
  const id = newId(row.capturedAt.getTime());
  const completedAt = row.completedAt !== undefined ? row.completedAt : row.lifecycleState === 'complete' ? minutesAfter(row.capturedAt, 1) : null;
  const failedAt = row.failedAt !== undefined ? row.failedAt : row.lifecycleState === 'incomplete' ? minutesAfter(row.capturedAt, 2) : null;
  await em.getConnection().execute(
    `insert into baseline_snapshots
       (id, workspace_id, baseline_profile_id, snapshot_identity_hash, captured_at, lifecycle_state, completed_at, failed_at,
        summary, completion_meta, producer_run_id, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)`,
    [
      id,
      row.workspaceId,
      row.profileId,
      sha256(`snapshot:${id}`),
      row.capturedAt,
      row.lifecycleState,
      completedAt,
      failedAt,
      JSON.stringify(row.summary ?? {}),
      row.completionMeta === undefined || row.completionMeta === null ? null : JSON.stringify(row.completionMeta),
      row.producerRunId ?? null,
      row.capturedAt,
      row.updatedAt ?? row.capturedAt,
    ],
  );
  if (row.items) await insertItems(em, id, row.items);
  return id;
}

/** Persists `count` items of subject type `deviceConfiguration`, external ids `item-001`, `item-002`, ... */
export async function insertItems(em: EntityManager, snapshotId: string, count: number): Promise<void> {
  await em.getConnection().execute(
    `insert into baseline_snapshot_items (baseline_snapshot_id, subject_type, subject_external_id, policy_type, display_name, baseline_hash)
     select ?, 'deviceConfiguration', 'item-' || lpad(g::text, 3, '0'), 'deviceConfiguration', 'Item ' || g, repeat('0', 64)
       from generate_series(1, ?) g`,
    [snapshotId, count],
  );
}

export interface RunRow {
  workspaceId: string;
  tenantId: string | null;
  /** `baseline_capture`, `baseline_compare`, or any other operation type. */
  type: string;
  status: RunStatus;
  /** Defaults to `pending` for active runs and `succeeded` for completed ones. */
  outcome?: RunOutcome;
  context?: Record<string, unknown>;
  /** Defaults to now for completed runs. */
  completedAt?: Date | null;
  createdAt?: Date;
}

export async function insertRun(em: EntityManager, row: RunRow): Promise<string> {
  const createdAt = row.createdAt ?? new Date();
  const id = newId(createdAt.getTime());
  const completed = row.status === 'completed';
  await em.getConnection().execute(
    `insert into operation_runs (id, workspace_id, tenant_id, type, status, outcome, run_identity_hash, context, completed_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)`,
    [
      id,
      row.workspaceId,
      row.tenantId,
      row.type,
      row.status,
      row.outcome ?? (completed ? 'succeeded' : 'pending'),
      sha256(`run:${id}`),
      JSON.stringify(row.context ?? {}),
      completed ? (row.completedAt ?? new Date()) : null,
      createdAt,
      createdAt,
    ],
  );
  return id;
}

export interface FindingRow {
  workspaceId: string;
  tenantId: string;
  profileId: string;
  snapshotId: string;
  subjectExternalId: string;
  producingRunId?: string | null;
}

/** An open `different` finding of subject type `deviceConfiguration`. */
export async function insertFinding(em: EntityManager, row: FindingRow): Promise<string> {
  const id = newId();
  const now = new Date();
  em.create(FindingSchema, {
    id,
    workspace: row.workspaceId,
    tenant: row.tenantId,
    profile: row.profileId,
    snapshot: row.snapshotId,
    scopeKey: findingScopeKey(row.profileId),
    subjectType: 'deviceConfiguration',
    subjectExternalId: row.subjectExternalId,
    policyType: 'deviceConfiguration',
    displayName: row.subjectExternalId,
    kind: 'different',
    severity: 'medium',
    firstSeenAt: now,
    lastSeenAt: now,
    producingRun: row.producingRunId ?? null,
  });
  await em.flush();
  return id;
}
