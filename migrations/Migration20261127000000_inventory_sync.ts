import { Migration } from '@mikro-orm/migrations';

/**
 * Inventory sync (pulling a tenant's configuration from a source connector):
 * - `tenant_connector_credentials`: one sealed credential per tenant (the secret only as ciphertext);
 * - `inventory_sync_staged_items`: what a sync attempt pulled, staged until the whole pull is in and
 *   then applied to `inventory_items` in one transaction (deleted with its run);
 * - `tenants.inventory_sync_interval_seconds`: the per-tenant schedule (null: on demand only).
 */
export class Migration20261127000000_inventory_sync extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "tenant_connector_credentials" ("tenant_id" uuid not null, "workspace_id" uuid not null, "connector" text check ("connector" in ('microsoft_graph')) not null, "client_id" varchar(100) not null, "secret_ciphertext" text not null, "key_id" varchar(32) not null, "updated_by_id" uuid null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "tenant_connector_credentials_pkey" primary key ("tenant_id"));`,
    );
    this.addSql(
      `alter table "tenant_connector_credentials" add constraint "tenant_connector_credentials_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "tenant_connector_credentials" add constraint "tenant_connector_credentials_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "tenant_connector_credentials" add constraint "tenant_connector_credentials_updated_by_id_foreign" foreign key ("updated_by_id") references "users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `create table "inventory_sync_staged_items" ("id" bigserial primary key, "run_id" uuid not null, "attempt_id" uuid not null, "policy_type" varchar(200) not null, "external_id" varchar(400) not null, "display_name" varchar(400) not null, "content_hash" varchar(64) null, "payload" jsonb null);`,
    );
    this.addSql(`create index "inventory_sync_staged_items_run_idx" on "inventory_sync_staged_items" ("run_id");`);
    this.addSql(
      `alter table "inventory_sync_staged_items" add constraint "inventory_sync_staged_items_subject_unique" unique ("attempt_id", "policy_type", "external_id");`,
    );
    this.addSql(
      `alter table "inventory_sync_staged_items" add constraint "inventory_sync_staged_items_run_id_foreign" foreign key ("run_id") references "operation_runs" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`alter table "tenants" add column "inventory_sync_interval_seconds" int null;`);
    this.addSql(`alter table "tenants" add constraint tenants_inventory_sync_interval_positive check(inventory_sync_interval_seconds > 0);`);
  }
}
