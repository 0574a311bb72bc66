import { Migration20261126000000_initial_schema } from './Migration20261126000000_initial_schema.js';
import { Migration20261126010000_legacy_snapshot_backfill } from './Migration20261126010000_legacy_snapshot_backfill.js';
import { Migration20261126020000_completed_run_guard } from './Migration20261126020000_completed_run_guard.js';
import { Migration20261126030000_event_source_indexes } from './Migration20261126030000_event_source_indexes.js';
import { Migration20261126040000_snapshot_item_set_integrity } from './Migration20261126040000_snapshot_item_set_integrity.js';
import { Migration20261126140000_member_display_names } from './Migration20261126140000_member_display_names.js';
import { Migration20261127000000_inventory_sync } from './Migration20261127000000_inventory_sync.js';
import { Migration20261127020000_history_growth_indexes } from './Migration20261127020000_history_growth_indexes.js';
import { Migration20261127030000_reconciliation_counts } from './Migration20261127030000_reconciliation_counts.js';

/**
 * Every migration, in order. Listing them explicitly (instead of globbing the folder) means the
 * migrator never imports `.ts` files dynamically, so it works the same under tsx, vitest and CI.
 * A test fails when a file in this folder is missing here.
 */
export const MIGRATIONS = [
  { name: 'Migration20261126000000_initial_schema', class: Migration20261126000000_initial_schema },
  { name: 'Migration20261126010000_legacy_snapshot_backfill', class: Migration20261126010000_legacy_snapshot_backfill },
  { name: 'Migration20261126020000_completed_run_guard', class: Migration20261126020000_completed_run_guard },
  { name: 'Migration20261126030000_event_source_indexes', class: Migration20261126030000_event_source_indexes },
  { name: 'Migration20261126040000_snapshot_item_set_integrity', class: Migration20261126040000_snapshot_item_set_integrity },
  { name: 'Migration20261126140000_member_display_names', class: Migration20261126140000_member_display_names },
  { name: 'Migration20261127000000_inventory_sync', class: Migration20261127000000_inventory_sync },
  { name: 'Migration20261127020000_history_growth_indexes', class: Migration20261127020000_history_growth_indexes },
  { name: 'Migration20261127030000_reconciliation_counts', class: Migration20261127030000_reconciliation_counts },
];
