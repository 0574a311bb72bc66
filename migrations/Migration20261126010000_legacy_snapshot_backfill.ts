import { Migration } from '@mikro-orm/migrations';
import { backfillLegacySnapshots } from '../src/modules/baselines/services/legacy-snapshot-backfill.js';

/**
 * Classifies baseline snapshots imported from an earlier system (rows without a lifecycle state)
 * with the spec 159 legacy decision table. A fresh installation has none; the same classification
 * is available later as `npm run cli -- snapshots:backfill`.
 */
export class Migration20261126010000_legacy_snapshot_backfill extends Migration {
  override async up(): Promise<void> {
    await backfillLegacySnapshots((sql, params) => this.execute(sql, params));
  }
}
