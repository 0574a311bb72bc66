import { Migration } from '@mikro-orm/migrations';

const NO_TENANT = `'00000000-0000-0000-0000-000000000000'::uuid`;
const SOURCE = (row: string) => `coalesce(${row}.reconciliation->>'source', 'unknown')`;

/**
 * Reconciled runs counted per workspace, tenant, type and source, kept by triggers on
 * `operation_runs` in the transaction that reconciles, inserts or deletes a run. The lifecycle
 * summary reads these counters instead of counting every reconciled run of the history per call.
 * The triggers fire only for rows whose reconciliation changes (WHEN clauses), so heartbeats and
 * normal transitions never run them. A reconciled run without a recorded source (the service
 * always records one; imported or hand-written rows may not) counts under `unknown` rather than
 * failing the write. Backfilled from the existing runs.
 */
export class Migration20261127030000_reconciliation_counts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "operation_run_reconciliation_counts" ("id" bigserial primary key, "workspace_id" uuid not null, "tenant_id" uuid null, ` +
        `"type" varchar(100) not null, "source" text not null, "count" int not null);`,
    );
    this.addSql(
      `create unique index "operation_run_reconciliation_counts_key_unique" on "operation_run_reconciliation_counts" ` +
        `("workspace_id", coalesce("tenant_id", ${NO_TENANT}), "type", "source");`,
    );
    this.addSql(
      `alter table "operation_run_reconciliation_counts" add constraint "operation_run_reconciliation_counts_workspace_id_foreign" ` +
        `foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "operation_run_reconciliation_counts" add constraint "operation_run_reconciliation_counts_tenant_id_foreign" ` +
        `foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`
      create function operation_run_reconciliation_counts_apply() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') and old.reconciled_at is not null then
          update operation_run_reconciliation_counts set count = count - 1
           where workspace_id = old.workspace_id and coalesce(tenant_id, ${NO_TENANT}) = coalesce(old.tenant_id, ${NO_TENANT})
             and type = old.type and source = ${SOURCE('old')};
          delete from operation_run_reconciliation_counts
           where workspace_id = old.workspace_id and coalesce(tenant_id, ${NO_TENANT}) = coalesce(old.tenant_id, ${NO_TENANT})
             and type = old.type and source = ${SOURCE('old')} and count <= 0;
        end if;
        if tg_op in ('INSERT', 'UPDATE') and new.reconciled_at is not null then
          insert into operation_run_reconciliation_counts as c (workspace_id, tenant_id, type, source, count)
          values (new.workspace_id, new.tenant_id, new.type, ${SOURCE('new')}, 1)
          on conflict (workspace_id, coalesce(tenant_id, ${NO_TENANT}), type, source) do update set count = c.count + 1;
        end if;
        return null;
      end $$;`);
    this.addSql(`
      create trigger operation_run_reconciliation_counts_on_insert after insert on operation_runs
        for each row when (new.reconciled_at is not null) execute function operation_run_reconciliation_counts_apply();`);
    this.addSql(`
      create trigger operation_run_reconciliation_counts_on_update after update on operation_runs
        for each row when ((old.reconciled_at, old.workspace_id, old.tenant_id, old.type, old.reconciliation->>'source')
                           is distinct from (new.reconciled_at, new.workspace_id, new.tenant_id, new.type, new.reconciliation->>'source'))
        execute function operation_run_reconciliation_counts_apply();`);
    this.addSql(`
      create trigger operation_run_reconciliation_counts_on_delete after delete on operation_runs
        for each row when (old.reconciled_at is not null) execute function operation_run_reconciliation_counts_apply();`);
    this.addSql(
      `insert into operation_run_reconciliation_counts (workspace_id, tenant_id, type, source, count)
       select workspace_id, tenant_id, type, ${SOURCE('operation_runs')}, count(*)::int
         from operation_runs where reconciled_at is not null
        group by workspace_id, tenant_id, type, ${SOURCE('operation_runs')};`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger operation_run_reconciliation_counts_on_delete on operation_runs;`);
    this.addSql(`drop trigger operation_run_reconciliation_counts_on_update on operation_runs;`);
    this.addSql(`drop trigger operation_run_reconciliation_counts_on_insert on operation_runs;`);
    this.addSql(`drop function operation_run_reconciliation_counts_apply();`);
    this.addSql(`drop table "operation_run_reconciliation_counts";`);
  }
}
