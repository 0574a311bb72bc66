import { Migration } from '@mikro-orm/migrations';

/**
 * Widens the completed-run guard from the lifecycle columns to the whole row: once a run is
 * completed only `initiator_id` (cleared when its user is deleted) and `updated_at` may change.
 */
export class Migration20261126020000_completed_run_guard extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create or replace function operation_runs_terminal_guard() returns trigger language plpgsql as $$
      begin
        if old.status = 'completed' and
           (to_jsonb(new) - 'initiator_id' - 'updated_at') is distinct from (to_jsonb(old) - 'initiator_id' - 'updated_at') then
          raise exception 'operation run % is completed; completed runs are immutable', old.id
            using errcode = 'check_violation';
        end if;
        return new;
      end $$;`);
  }
}
