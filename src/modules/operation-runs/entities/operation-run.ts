import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { RUN_OUTCOMES, RUN_STATUSES, type FailureEntry, type ReconciliationRecord } from '../domain/run-states.js';
import { TenantSchema } from '../../tenants/entities/tenant.js';
import { UserSchema } from '../../workspaces/entities/user.js';
import { WorkspaceSchema } from '../../workspaces/entities/workspace.js';
import { createdAtProperty, updatedAtProperty } from '../../../platform/db/timestamps.js';

/**
 * The canonical record of one long-running task. Only OperationRunService writes status,
 * outcome, attempts and reconciliation evidence.
 */
export const OperationRunSchema = defineEntity({
  name: 'OperationRun',
  tableName: 'operation_runs',
  properties: (p) => ({
    id: p.uuid().primary(),
    workspace: p.manyToOne(WorkspaceSchema).mapToPk().deleteRule('cascade'),
    tenant: p.manyToOne(TenantSchema).mapToPk().nullable().deleteRule('cascade').default(null),
    initiator: p.manyToOne(UserSchema).mapToPk().nullable().deleteRule('set null').default(null),
    type: p.string().length(100),
    status: p.enum([...RUN_STATUSES]).default('queued'),
    outcome: p.enum([...RUN_OUTCOMES]).default('pending'),
    /** sha256 of the run identity (type + scope + inputs); one non-completed run per identity. */
    runIdentityHash: p.string().length(64),
    summaryCounts: p.json<Record<string, number>>().default('{}'),
    failureSummary: p.json<FailureEntry[]>().default('[]'),
    context: p.json<Record<string, unknown>>().default('{}'),
    /** How many attempts have started executing. */
    attempt: p.integer().default(0),
    /** The attempt currently allowed to write; writes carrying another attempt id are fenced. */
    currentAttemptId: p.uuid().nullable(),
    /** When the current attempt began executing; null while it waits in the queue. */
    attemptStartedAt: p.datetime().columnType('timestamptz').nullable(),
    /** The queue job that carries the current attempt. */
    queueJobId: p.string().length(200).nullable(),
    lastHeartbeatAt: p.datetime().columnType('timestamptz').nullable(),
    startedAt: p.datetime().columnType('timestamptz').nullable(),
    completedAt: p.datetime().columnType('timestamptz').nullable(),
    /** Stable reason code for a blocked, failed or reconciled outcome. */
    reasonCode: p.string().length(120).nullable(),
    reconciledAt: p.datetime().columnType('timestamptz').nullable(),
    reconciliation: p.json<ReconciliationRecord>().nullable(),
    /** When the run's LIKELY_STALE event was emitted (at most once per run). */
    likelyStaleSignaledAt: p.datetime().columnType('timestamptz').nullable(),
    createdAt: createdAtProperty(),
    updatedAt: updatedAtProperty(),
  }),
  checks: [
    { name: 'operation_runs_completed_at_consistency', expression: `(status = 'completed') = (completed_at is not null)` },
    { name: 'operation_runs_outcome_consistency', expression: `(status = 'completed') = (outcome <> 'pending')` },
  ],
  indexes: [
    { name: 'operation_runs_workspace_id_idx', properties: ['workspace', 'id'] },
    { name: 'operation_runs_tenant_id_idx', properties: ['tenant', 'id'] },
    { name: 'operation_runs_tenant_type_created_idx', properties: ['tenant', 'type', 'createdAt', 'id'] },
    {
      name: 'operation_runs_active_scan_idx',
      expression: `create index "operation_runs_active_scan_idx" on "operation_runs" ("type", "status", "created_at") where "status" <> 'completed'`,
    },
    {
      name: 'operation_runs_reconciled_idx',
      expression: `create index "operation_runs_reconciled_idx" on "operation_runs" ("workspace_id", "id") where "reconciled_at" is not null`,
    },
  ],
  uniques: [
    {
      name: 'operation_runs_active_identity_unique',
      expression: `create unique index "operation_runs_active_identity_unique" on "operation_runs" ("run_identity_hash") where "status" <> 'completed'`,
    },
  ],
});

export type OperationRun = InferEntity<typeof OperationRunSchema>;
