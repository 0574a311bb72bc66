import { Migration } from '@mikro-orm/migrations';

/**
 * Readers follow the outbox by workspace and by recipient (notifications follow the user, not the
 * workspaces of the moment): index both in position order, so resuming one workspace's or one
 * user's stream from an old cursor does not walk every other workspace's events.
 */
export class Migration20261126030000_event_source_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "operation_run_events_workspace_position_idx" on "operation_run_events" ("workspace_id", "tx_id", "id");`);
    this.addSql(
      `create index "operation_run_events_recipient_position_idx" on "operation_run_events" ("recipient_id", "tx_id", "id") where "recipient_id" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "operation_run_events_recipient_position_idx";`);
    this.addSql(`drop index "operation_run_events_workspace_position_idx";`);
  }
}
