import { defineEntity } from '@mikro-orm/postgresql';
import { OPERATION_RUN_EVENT_KINDS } from '../outbox/kinds.js';
import { OUTBOX_ENTITY } from '../outbox/event-row.js';
import { BaselineProfileSchema } from '../modules/baselines/entities/baseline-profile.js';
import { BaselineSnapshotSchema } from '../modules/baselines/entities/baseline-snapshot.js';
import { OperationRunSchema } from '../modules/operation-runs/entities/operation-run.js';
import { TenantSchema } from '../modules/tenants/entities/tenant.js';
import { UserSchema } from '../modules/workspaces/entities/user.js';
import { WorkspaceSchema } from '../modules/workspaces/entities/workspace.js';
import { createdAtProperty } from '../platform/db/timestamps.js';

/**
 * The ORM mapping of the outbox table, with a foreign key to the rows of every module an event
 * names (so it is defined here, above the modules; the outbox itself works with `OperationRunEvent`).
 * The transactional outbox. Every run transition, and every snapshot or notification change a
 * run causes, writes one row in the same transaction. `txId` is the writing transaction's id:
 * readers only deliver rows older than every transaction still in flight, so cursors never skip
 * a row that commits late.
 */
export const OperationRunEventSchema = defineEntity({
  name: OUTBOX_ENTITY,
  tableName: 'operation_run_events',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    txId: p.string().columnType('xid8').defaultRaw('pg_current_xact_id()').lazy(),
    run: p.manyToOne(OperationRunSchema).mapToPk().deleteRule('cascade'),
    workspace: p.manyToOne(WorkspaceSchema).mapToPk().deleteRule('cascade'),
    tenant: p.manyToOne(TenantSchema).mapToPk().nullable().deleteRule('cascade').default(null),
    kind: p.enum([...OPERATION_RUN_EVENT_KINDS]),
    snapshot: p.manyToOne(BaselineSnapshotSchema).mapToPk().nullable().deleteRule('cascade').default(null),
    profile: p.manyToOne(BaselineProfileSchema).mapToPk().nullable().deleteRule('cascade').default(null),
    /** For NOTIFICATION events: the only user who may receive it. */
    recipient: p.manyToOne(UserSchema).mapToPk().nullable().deleteRule('cascade').default(null),
    payload: p.json<Record<string, unknown>>().default('{}'),
    createdAt: createdAtProperty(),
    publishedAt: p.datetime().columnType('timestamptz').nullable(),
  }),
  indexes: [
    { name: 'operation_run_events_position_idx', properties: ['txId', 'id'] },
    { name: 'operation_run_events_run_idx', properties: ['run', 'id'] },
    { name: 'operation_run_events_workspace_position_idx', properties: ['workspace', 'txId', 'id'] },
    {
      name: 'operation_run_events_recipient_position_idx',
      expression: `create index "operation_run_events_recipient_position_idx" on "operation_run_events" ("recipient_id", "tx_id", "id") where "recipient_id" is not null`,
    },
    {
      name: 'operation_run_events_unpublished_idx',
      expression: `create index "operation_run_events_unpublished_idx" on "operation_run_events" ("id") where "published_at" is null`,
    },
  ],
});
