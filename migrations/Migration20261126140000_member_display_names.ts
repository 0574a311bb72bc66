import { Migration } from '@mikro-orm/migrations';

/**
 * The name a workspace gave a member when it added them. Accounts are shared by the installation,
 * so the account's own display name (set by whichever workspace added them first) is not what
 * another workspace may show. Null: the workspace's creator, or a member added before this
 * column, who keep appearing under their account's name.
 */
export class Migration20261126140000_member_display_names extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "workspace_memberships" add column "display_name" varchar(200) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "workspace_memberships" drop column "display_name";`);
  }
}
