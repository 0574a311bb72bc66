import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes that keep dashboard reads independent of how long the run history is:
 * - run pages order by `id` (time-ordered uuids) within a workspace, optionally one tenant or only
 *   reconciled runs: index exactly that, instead of `created_at` or `reconciled_at`, which no run
 *   list orders by (the lifecycle summary, which counted reconciled runs by `reconciled_at`, now
 *   reads counters);
 * - a tenant's last run of a type (its last compare, its last inventory sync) is one backward step
 *   in a (tenant, type, created_at, id) index, which also serves the sync scheduler's due check;
 * - a profile's snapshot page orders by `id`, and its effective snapshot (latest complete) is one
 *   step in a partial index of complete snapshots in the truth resolver's order.
 * Plain (not concurrent) index builds: migrations run in a transaction, and writes to these
 * tables wait until the builds finish (14 s for a million runs on a loaded 2-core machine).
 */
export class Migration20261127020000_history_growth_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "operation_runs_workspace_id_idx" on "operation_runs" ("workspace_id", "id");`);
    this.addSql(`create index "operation_runs_tenant_id_idx" on "operation_runs" ("tenant_id", "id");`);
    this.addSql(`create index "operation_runs_tenant_type_created_idx" on "operation_runs" ("tenant_id", "type", "created_at", "id");`);
    this.addSql(`drop index "operation_runs_workspace_created_idx";`);
    this.addSql(`drop index "operation_runs_tenant_created_idx";`);
    this.addSql(`drop index "operation_runs_reconciled_idx";`);
    this.addSql(`create index "operation_runs_reconciled_idx" on "operation_runs" ("workspace_id", "id") where "reconciled_at" is not null;`);
    this.addSql(`create index "baseline_snapshots_profile_id_idx" on "baseline_snapshots" ("baseline_profile_id", "id");`);
    this.addSql(
      `create index "baseline_snapshots_profile_effective_idx" on "baseline_snapshots" ` +
        `("baseline_profile_id", "completed_at" desc nulls last, "captured_at" desc, "id" desc) where "lifecycle_state" = 'complete';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "baseline_snapshots_profile_effective_idx";`);
    this.addSql(`drop index "baseline_snapshots_profile_id_idx";`);
    this.addSql(`drop index "operation_runs_reconciled_idx";`);
    this.addSql(`create index "operation_runs_reconciled_idx" on "operation_runs" ("workspace_id", "reconciled_at") where "reconciled_at" is not null;`);
    this.addSql(`create index "operation_runs_tenant_created_idx" on "operation_runs" ("tenant_id", "created_at", "id");`);
    this.addSql(`create index "operation_runs_workspace_created_idx" on "operation_runs" ("workspace_id", "created_at", "id");`);
    this.addSql(`drop index "operation_runs_tenant_type_created_idx";`);
    this.addSql(`drop index "operation_runs_tenant_id_idx";`);
    this.addSql(`drop index "operation_runs_workspace_id_idx";`);
  }
}
