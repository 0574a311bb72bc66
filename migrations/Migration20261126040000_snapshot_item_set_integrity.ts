import { Migration } from '@mikro-orm/migrations';

/**
 * Snapshot items are written in batches of thousands. A foreign key checks (and locks) the parent
 * snapshot once per row, which made up about a third of a capture batch's cost. The same guarantee
 * is kept set-wise instead, once per statement:
 * - inserting or re-pointing items locks their snapshots (FOR KEY SHARE, as the foreign key would)
 *   and fails with `foreign_key_violation` when one does not exist;
 * - deleting snapshots deletes their items (the former ON DELETE CASCADE), also when the delete
 *   itself cascades from a profile or workspace;
 * - a snapshot's id never changes (the former ON UPDATE CASCADE had nothing to do).
 */
export class Migration20261126040000_snapshot_item_set_integrity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "baseline_snapshot_items" drop constraint "baseline_snapshot_items_baseline_snapshot_id_foreign";`);
    this.addSql(`
      create function baseline_snapshot_items_parent_check() returns trigger language plpgsql as $$
      begin
        perform 1 from baseline_snapshots s
         where s.id in (select distinct baseline_snapshot_id from written_items)
           for key share of s;
        if exists (select 1 from (select distinct baseline_snapshot_id as id from written_items) w
                    where not exists (select 1 from baseline_snapshots s where s.id = w.id)) then
          raise exception 'baseline snapshot items must belong to an existing snapshot'
            using errcode = 'foreign_key_violation';
        end if;
        return null;
      end $$;`);
    this.addSql(`
      create trigger baseline_snapshot_items_parent_on_insert after insert on baseline_snapshot_items
        referencing new table as written_items for each statement execute function baseline_snapshot_items_parent_check();`);
    this.addSql(`
      create trigger baseline_snapshot_items_parent_on_update after update on baseline_snapshot_items
        referencing new table as written_items for each statement execute function baseline_snapshot_items_parent_check();`);
    this.addSql(`
      create function baseline_snapshots_delete_items() returns trigger language plpgsql as $$
      begin
        delete from baseline_snapshot_items i using deleted_snapshots d where i.baseline_snapshot_id = d.id;
        return null;
      end $$;`);
    this.addSql(`
      create trigger baseline_snapshots_delete_items after delete on baseline_snapshots
        referencing old table as deleted_snapshots for each statement execute function baseline_snapshots_delete_items();`);
    this.addSql(`
      create function baseline_snapshots_id_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'a baseline snapshot''s id never changes' using errcode = 'check_violation';
      end $$;`);
    this.addSql(`
      create trigger baseline_snapshots_id_immutable before update of id on baseline_snapshots
        for each row when (old.id is distinct from new.id) execute function baseline_snapshots_id_immutable();`);
  }
}
