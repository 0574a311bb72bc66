import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { SNAPSHOT_LIFECYCLE_STATES, type CompletionMeta } from '../domain/snapshot-lifecycle.js';
import { BaselineProfileSchema } from './baseline-profile.js';
import { OperationRunSchema } from '../../operation-runs/entities/operation-run.js';
import { WorkspaceSchema } from '../../workspaces/entities/workspace.js';
import { createdAtProperty, updatedAtProperty } from '../../../platform/db/timestamps.js';

/**
 * A captured baseline. `lifecycleState` is null only for rows imported from an earlier system
 * that the legacy backfill has not classified yet; such rows are never consumable.
 */
export const BaselineSnapshotSchema = defineEntity({
  name: 'BaselineSnapshot',
  tableName: 'baseline_snapshots',
  properties: (p) => ({
    id: p.uuid().primary(),
    workspace: p.manyToOne(WorkspaceSchema).mapToPk().deleteRule('cascade'),
    profile: p.manyToOne(BaselineProfileSchema).mapToPk().fieldName('baseline_profile_id').deleteRule('cascade'),
    snapshotIdentityHash: p.string().length(64).index('baseline_snapshots_identity_idx'),
    capturedAt: p.datetime().columnType('timestamptz'),
    lifecycleState: p
      .enum([...SNAPSHOT_LIFECYCLE_STATES])
      .nullable()
      .default('building')
      .index('baseline_snapshots_lifecycle_state_idx'),
    completedAt: p.datetime().columnType('timestamptz').nullable(),
    failedAt: p.datetime().columnType('timestamptz').nullable(),
    summary: p.json<Record<string, unknown>>().default('{}'),
    completionMeta: p.json<CompletionMeta>().nullable(),
    producerRun: p.manyToOne(OperationRunSchema).mapToPk().nullable().deleteRule('set null').default(null),
    createdAt: createdAtProperty(),
    updatedAt: updatedAtProperty(),
  }),
  checks: [
    {
      name: 'baseline_snapshots_completed_at_consistency',
      expression: `(lifecycle_state = 'complete') = (completed_at is not null)`,
    },
    {
      name: 'baseline_snapshots_failed_at_consistency',
      expression: `(lifecycle_state = 'incomplete') = (failed_at is not null)`,
    },
  ],
  indexes: [
    {
      name: 'baseline_snapshots_profile_lifecycle_completed_idx',
      properties: ['workspace', 'profile', 'lifecycleState', 'completedAt'],
    },
    { name: 'baseline_snapshots_profile_captured_idx', properties: ['profile', 'capturedAt', 'id'] },
    { name: 'baseline_snapshots_profile_id_idx', properties: ['profile', 'id'] },
    {
      name: 'baseline_snapshots_profile_effective_idx',
      expression:
        `create index "baseline_snapshots_profile_effective_idx" on "baseline_snapshots" ` +
        `("baseline_profile_id", "completed_at" desc nulls last, "captured_at" desc, "id" desc) where "lifecycle_state" = 'complete'`,
    },
  ],
});

export type BaselineSnapshot = InferEntity<typeof BaselineSnapshotSchema>;
