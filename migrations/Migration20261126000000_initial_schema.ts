import { Migration } from '@mikro-orm/migrations';

export class Migration20261126000000_initial_schema extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "users" ("id" uuid not null, "email" varchar(320) not null, "display_name" varchar(200) not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "users_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(
      `create table "workspaces" ("id" uuid not null, "name" varchar(200) not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "workspaces_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "tenants" ("id" uuid not null, "workspace_id" uuid not null, "name" varchar(200) not null, "external_tenant_id" varchar(200) not null, "status" text check ("status" in ('active', 'archived')) not null default 'active', "archived_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "tenants_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "tenants_workspace_name_idx" on "tenants" ("workspace_id", "name", "id");`);
    this.addSql(`alter table "tenants" add constraint "tenants_workspace_external_unique" unique ("workspace_id", "external_tenant_id");`);

    this.addSql(
      `create table "tenant_memberships" ("id" uuid not null, "workspace_id" uuid not null, "tenant_id" uuid not null, "user_id" uuid not null, "created_at" timestamptz not null default now(), constraint "tenant_memberships_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "tenant_memberships_user_workspace_idx" on "tenant_memberships" ("user_id", "workspace_id");`);
    this.addSql(`alter table "tenant_memberships" add constraint "tenant_memberships_tenant_user_unique" unique ("tenant_id", "user_id");`);

    this.addSql(
      `create table "operation_runs" ("id" uuid not null, "workspace_id" uuid not null, "tenant_id" uuid null, "initiator_id" uuid null, "type" varchar(100) not null, "status" text check ("status" in ('queued', 'running', 'completed')) not null default 'queued', "outcome" text check ("outcome" in ('pending', 'succeeded', 'partially_succeeded', 'blocked', 'failed')) not null default 'pending', "run_identity_hash" varchar(64) not null, "summary_counts" jsonb not null default '{}', "failure_summary" jsonb not null default '[]', "context" jsonb not null default '{}', "attempt" int not null default 0, "current_attempt_id" uuid null, "attempt_started_at" timestamptz null, "queue_job_id" varchar(200) null, "last_heartbeat_at" timestamptz null, "started_at" timestamptz null, "completed_at" timestamptz null, "reason_code" varchar(120) null, "reconciled_at" timestamptz null, "reconciliation" jsonb null, "likely_stale_signaled_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "operation_runs_pkey" primary key ("id"), constraint operation_runs_completed_at_consistency check ((status = 'completed') = (completed_at is not null)), constraint operation_runs_outcome_consistency check ((status = 'completed') = (outcome <> 'pending')));`,
    );
    this.addSql(`create index "operation_runs_workspace_created_idx" on "operation_runs" ("workspace_id", "created_at", "id");`);
    this.addSql(`create index "operation_runs_tenant_created_idx" on "operation_runs" ("tenant_id", "created_at", "id");`);
    this.addSql(`create index "operation_runs_active_scan_idx" on "operation_runs" ("type", "status", "created_at") where "status" <> 'completed';`);
    this.addSql(`create index "operation_runs_reconciled_idx" on "operation_runs" ("workspace_id", "reconciled_at") where "reconciled_at" is not null;`);
    this.addSql(`create unique index "operation_runs_active_identity_unique" on "operation_runs" ("run_identity_hash") where "status" <> 'completed';`);

    this.addSql(
      `create table "notifications" ("id" uuid not null, "user_id" uuid not null, "workspace_id" uuid not null, "tenant_id" uuid null, "run_id" uuid null, "kind" varchar(60) not null, "title" varchar(300) not null, "body" text not null, "tone" text check ("tone" in ('success', 'warning', 'danger', 'info')) not null, "read_at" timestamptz null, "created_at" timestamptz not null default now(), constraint "notifications_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "notifications_user_created_idx" on "notifications" ("user_id", "created_at", "id");`);
    this.addSql(`alter table "notifications" add constraint "notifications_run_user_kind_unique" unique ("run_id", "user_id", "kind");`);

    this.addSql(
      `create table "inventory_items" ("id" bigserial primary key, "workspace_id" uuid not null, "tenant_id" uuid not null, "policy_type" varchar(200) not null, "external_id" varchar(400) not null, "display_name" varchar(400) not null, "content_hash" varchar(64) not null, "payload" jsonb not null, "last_seen_at" timestamptz not null, "last_sync_token" uuid null, "removed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "inventory_items" add constraint "inventory_items_subject_unique" unique ("tenant_id", "policy_type", "external_id");`);

    this.addSql(
      `create table "baseline_profiles" ("id" uuid not null, "workspace_id" uuid not null, "name" varchar(200) not null, "description" text null, "status" text check ("status" in ('draft', 'active', 'archived')) not null default 'draft', "capture_mode" text check ("capture_mode" in ('full_content', 'meta_only')) not null default 'full_content', "scope" jsonb not null, "active_snapshot_id" uuid null, "archived_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "baseline_profiles_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "baseline_profiles_workspace_name_idx" on "baseline_profiles" ("workspace_id", "name", "id");`);

    this.addSql(
      `create table "baseline_tenant_assignments" ("id" uuid not null, "workspace_id" uuid not null, "tenant_id" uuid not null, "baseline_profile_id" uuid not null, "assigned_by_id" uuid null, "created_at" timestamptz not null default now(), constraint "baseline_tenant_assignments_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "baseline_tenant_assignments" add constraint "baseline_tenant_assignments_tenant_unique" unique ("tenant_id");`);
    this.addSql(`create index "baseline_tenant_assignments_profile_idx" on "baseline_tenant_assignments" ("baseline_profile_id");`);

    this.addSql(
      `create table "baseline_snapshots" ("id" uuid not null, "workspace_id" uuid not null, "baseline_profile_id" uuid not null, "snapshot_identity_hash" varchar(64) not null, "captured_at" timestamptz not null, "lifecycle_state" text check ("lifecycle_state" in ('building', 'complete', 'incomplete')) null default 'building', "completed_at" timestamptz null, "failed_at" timestamptz null, "summary" jsonb not null default '{}', "completion_meta" jsonb null, "producer_run_id" uuid null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "baseline_snapshots_pkey" primary key ("id"), constraint baseline_snapshots_completed_at_consistency check ((lifecycle_state = 'complete') = (completed_at is not null)), constraint baseline_snapshots_failed_at_consistency check ((lifecycle_state = 'incomplete') = (failed_at is not null)));`,
    );
    this.addSql(`create index "baseline_snapshots_identity_idx" on "baseline_snapshots" ("snapshot_identity_hash");`);
    this.addSql(`create index "baseline_snapshots_lifecycle_state_idx" on "baseline_snapshots" ("lifecycle_state");`);
    this.addSql(
      `create index "baseline_snapshots_profile_lifecycle_completed_idx" on "baseline_snapshots" ("workspace_id", "baseline_profile_id", "lifecycle_state", "completed_at");`,
    );
    this.addSql(`create index "baseline_snapshots_profile_captured_idx" on "baseline_snapshots" ("baseline_profile_id", "captured_at", "id");`);

    this.addSql(
      `create table "operation_run_events" ("id" bigserial primary key, "tx_id" xid8 not null default pg_current_xact_id(), "run_id" uuid not null, "workspace_id" uuid not null, "tenant_id" uuid null, "kind" text check ("kind" in ('QUEUED', 'STARTED', 'PROGRESS', 'COMPLETED', 'RECONCILED', 'LIKELY_STALE', 'SNAPSHOT_BUILDING', 'SNAPSHOT_COMPLETE', 'SNAPSHOT_INCOMPLETE', 'EFFECTIVE_SNAPSHOT_CHANGED', 'NOTIFICATION')) not null, "snapshot_id" uuid null, "profile_id" uuid null, "recipient_id" uuid null, "payload" jsonb not null default '{}', "created_at" timestamptz not null default now(), "published_at" timestamptz null);`,
    );
    this.addSql(`create index "operation_run_events_position_idx" on "operation_run_events" ("tx_id", "id");`);
    this.addSql(`create index "operation_run_events_run_idx" on "operation_run_events" ("run_id", "id");`);
    this.addSql(`create index "operation_run_events_unpublished_idx" on "operation_run_events" ("id") where "published_at" is null;`);

    this.addSql(
      `create table "findings" ("id" uuid not null, "workspace_id" uuid not null, "tenant_id" uuid not null, "baseline_profile_id" uuid not null, "baseline_snapshot_id" uuid not null, "scope_key" varchar(200) not null, "subject_type" varchar(200) not null, "subject_external_id" varchar(400) not null, "policy_type" varchar(200) not null, "display_name" varchar(400) not null, "kind" text check ("kind" in ('missing', 'unexpected', 'different')) not null, "severity" text check ("severity" in ('low', 'medium', 'high')) not null, "status" text check ("status" in ('open', 'resolved')) not null default 'open', "first_seen_at" timestamptz not null, "last_seen_at" timestamptz not null, "resolved_at" timestamptz null, "producing_run_id" uuid null, "last_seen_run_id" uuid null, "evidence" jsonb not null default '{}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "findings_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "findings_tenant_status_idx" on "findings" ("tenant_id", "status", "id");`);
    this.addSql(`alter table "findings" add constraint "findings_subject_unique" unique ("tenant_id", "scope_key", "subject_type", "subject_external_id");`);

    this.addSql(
      `create table "baseline_snapshot_items" ("id" bigserial primary key, "baseline_snapshot_id" uuid not null, "subject_type" varchar(200) not null, "subject_external_id" varchar(400) not null, "policy_type" varchar(200) not null, "display_name" varchar(400) not null, "baseline_hash" varchar(64) not null, "meta" jsonb not null default '{}', "created_at" timestamptz not null default now());`,
    );
    this.addSql(
      `alter table "baseline_snapshot_items" add constraint "baseline_snapshot_items_subject_unique" unique ("baseline_snapshot_id", "subject_type", "subject_external_id");`,
    );

    this.addSql(
      `create table "audit_logs" ("id" uuid not null, "workspace_id" uuid not null, "tenant_id" uuid null, "actor_id" uuid null, "actor_type" text check ("actor_type" in ('user', 'system')) not null, "action" varchar(120) not null, "subject_type" varchar(60) not null, "subject_id" varchar(64) not null, "metadata" jsonb not null default '{}', "created_at" timestamptz not null default now(), constraint "audit_logs_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "audit_logs_workspace_created_idx" on "audit_logs" ("workspace_id", "created_at");`);
    this.addSql(`create index "audit_logs_subject_idx" on "audit_logs" ("subject_type", "subject_id");`);

    this.addSql(
      `create table "workspace_memberships" ("id" uuid not null, "workspace_id" uuid not null, "user_id" uuid not null, "role" text check ("role" in ('owner', 'manager', 'operator', 'readonly')) not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "workspace_memberships_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "workspace_memberships_user_idx" on "workspace_memberships" ("user_id");`);
    this.addSql(`alter table "workspace_memberships" add constraint "workspace_memberships_workspace_user_unique" unique ("workspace_id", "user_id");`);

    this.addSql(
      `alter table "tenants" add constraint "tenants_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "tenant_memberships" add constraint "tenant_memberships_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "tenant_memberships" add constraint "tenant_memberships_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "tenant_memberships" add constraint "tenant_memberships_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "operation_runs" add constraint "operation_runs_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "operation_runs" add constraint "operation_runs_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "operation_runs" add constraint "operation_runs_initiator_id_foreign" foreign key ("initiator_id") references "users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "notifications" add constraint "notifications_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "notifications" add constraint "notifications_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "notifications" add constraint "notifications_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "notifications" add constraint "notifications_run_id_foreign" foreign key ("run_id") references "operation_runs" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "inventory_items" add constraint "inventory_items_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "inventory_items" add constraint "inventory_items_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "baseline_profiles" add constraint "baseline_profiles_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "baseline_tenant_assignments" add constraint "baseline_tenant_assignments_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "baseline_tenant_assignments" add constraint "baseline_tenant_assignments_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "baseline_tenant_assignments" add constraint "baseline_tenant_assignments_baseline_profile_id_foreign" foreign key ("baseline_profile_id") references "baseline_profiles" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "baseline_tenant_assignments" add constraint "baseline_tenant_assignments_assigned_by_id_foreign" foreign key ("assigned_by_id") references "users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "baseline_snapshots" add constraint "baseline_snapshots_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "baseline_snapshots" add constraint "baseline_snapshots_baseline_profile_id_foreign" foreign key ("baseline_profile_id") references "baseline_profiles" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "baseline_snapshots" add constraint "baseline_snapshots_producer_run_id_foreign" foreign key ("producer_run_id") references "operation_runs" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "operation_run_events" add constraint "operation_run_events_run_id_foreign" foreign key ("run_id") references "operation_runs" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "operation_run_events" add constraint "operation_run_events_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "operation_run_events" add constraint "operation_run_events_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "operation_run_events" add constraint "operation_run_events_snapshot_id_foreign" foreign key ("snapshot_id") references "baseline_snapshots" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "operation_run_events" add constraint "operation_run_events_profile_id_foreign" foreign key ("profile_id") references "baseline_profiles" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "operation_run_events" add constraint "operation_run_events_recipient_id_foreign" foreign key ("recipient_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "findings" add constraint "findings_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "findings" add constraint "findings_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "findings" add constraint "findings_baseline_profile_id_foreign" foreign key ("baseline_profile_id") references "baseline_profiles" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "findings" add constraint "findings_baseline_snapshot_id_foreign" foreign key ("baseline_snapshot_id") references "baseline_snapshots" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "findings" add constraint "findings_producing_run_id_foreign" foreign key ("producing_run_id") references "operation_runs" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "findings" add constraint "findings_last_seen_run_id_foreign" foreign key ("last_seen_run_id") references "operation_runs" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "baseline_snapshot_items" add constraint "baseline_snapshot_items_baseline_snapshot_id_foreign" foreign key ("baseline_snapshot_id") references "baseline_snapshots" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "audit_logs" add constraint "audit_logs_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "audit_logs" add constraint "audit_logs_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "audit_logs" add constraint "audit_logs_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "workspace_memberships" add constraint "workspace_memberships_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "workspace_memberships" add constraint "workspace_memberships_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    // Safety nets the application never relies on but the database enforces anyway.
    this.addSql(`
      create function operation_runs_terminal_guard() returns trigger language plpgsql as $$
      begin
        if old.status = 'completed' and
           (new.status, new.outcome, new.summary_counts, new.failure_summary, new.context, new.reason_code,
            new.reconciled_at, new.reconciliation, new.started_at, new.completed_at, new.attempt, new.current_attempt_id)
           is distinct from
           (old.status, old.outcome, old.summary_counts, old.failure_summary, old.context, old.reason_code,
            old.reconciled_at, old.reconciliation, old.started_at, old.completed_at, old.attempt, old.current_attempt_id) then
          raise exception 'operation run % is completed; completed runs are immutable', old.id
            using errcode = 'check_violation';
        end if;
        return new;
      end $$;`);
    this.addSql(
      `create trigger operation_runs_terminal_guard before update on "operation_runs" for each row execute function operation_runs_terminal_guard();`,
    );
    this.addSql(`
      create function baseline_snapshots_lifecycle_guard() returns trigger language plpgsql as $$
      begin
        if old.lifecycle_state is not null and new.lifecycle_state is distinct from old.lifecycle_state
           and old.lifecycle_state <> 'building' then
          raise exception 'baseline snapshot % is % and cannot become %', old.id, old.lifecycle_state, coalesce(new.lifecycle_state, 'null')
            using errcode = 'check_violation';
        end if;
        if old.lifecycle_state is not null and new.lifecycle_state is null then
          raise exception 'baseline snapshot % cannot lose its lifecycle state', old.id using errcode = 'check_violation';
        end if;
        return new;
      end $$;`);
    this.addSql(
      `create trigger baseline_snapshots_lifecycle_guard before update on "baseline_snapshots" for each row execute function baseline_snapshots_lifecycle_guard();`,
    );
  }
}
