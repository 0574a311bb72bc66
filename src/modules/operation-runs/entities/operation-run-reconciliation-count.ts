import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { TenantSchema } from '../../tenants/entities/tenant.js';
import { WorkspaceSchema } from '../../workspaces/entities/workspace.js';

/**
 * How many runs of one workspace, tenant (null: workspace-level runs), type and reconciliation
 * source the platform force-resolved, all time. Never written by the application: a trigger on
 * `operation_runs` keeps it equal to the reconciled runs in the same transaction that reconciles
 * (or inserts or deletes) a run, so the lifecycle summary reads a few counters instead of counting
 * the whole reconciled history on every call.
 */
export const OperationRunReconciliationCountSchema = defineEntity({
  name: 'OperationRunReconciliationCount',
  tableName: 'operation_run_reconciliation_counts',
  properties: (p) => ({
    id: p.bigint().primary().autoincrement(),
    workspace: p.manyToOne(WorkspaceSchema).mapToPk().deleteRule('cascade'),
    tenant: p.manyToOne(TenantSchema).mapToPk().nullable().deleteRule('cascade').default(null),
    type: p.string().length(100),
    /** `reconciliation.source` of the runs, or `unknown` for reconciled runs that recorded none. */
    source: p.text(),
    count: p.integer(),
  }),
  uniques: [
    {
      name: 'operation_run_reconciliation_counts_key_unique',
      expression:
        `create unique index "operation_run_reconciliation_counts_key_unique" on "operation_run_reconciliation_counts" ` +
        `("workspace_id", coalesce("tenant_id", '00000000-0000-0000-0000-000000000000'::uuid), "type", "source")`,
    },
  ],
});

export type OperationRunReconciliationCount = InferEntity<typeof OperationRunReconciliationCountSchema>;
