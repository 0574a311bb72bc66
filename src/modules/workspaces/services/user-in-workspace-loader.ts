import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../../../platform/db/plain-sql.js';
import { nameInWorkspace } from '../domain/member-names.js';
import type { User } from '../entities/user.js';
import { PrimedLoader } from '../../../platform/primed-loader.js';

export interface UserInWorkspaceKey {
  workspaceId: string;
  userId: string;
}

interface Row {
  id: string;
  email: string;
  display_name: string;
  created_at: Date;
  updated_at: Date;
  workspace_id: string | null;
  member_name: string | null;
}

/** The account `account` as a workspace knows it, given whether it is a member and the name the workspace gave it. */
export function userInWorkspace(
  account: { id: string; email: string; displayName: string; createdAt: Date; updatedAt: Date },
  membership: { displayName: string | null } | null,
): User {
  return { ...account, displayName: nameInWorkspace(account, membership) };
}

/**
 * Users as one workspace knows them: named by `nameInWorkspace`, never by a name another
 * workspace gave them. One statement for a whole page, whatever the mix of workspaces.
 */
export function createUserInWorkspaceLoader(em: EntityManager): PrimedLoader<UserInWorkspaceKey, User | null, string> {
  return new PrimedLoader<UserInWorkspaceKey, User | null, string>(
    async (keys) => {
      const rows = await selectRows<Row>(
        em,
        `select u.id, u.email, u.display_name, u.created_at, u.updated_at, m.workspace_id, m.display_name as member_name
           from users u
           left join workspace_memberships m on m.user_id = u.id and m.workspace_id = any(?::uuid[])
          where u.id = any(?::uuid[])`,
        [[...new Set(keys.map((key) => key.workspaceId))], [...new Set(keys.map((key) => key.userId))]],
      );
      const accounts = new Map(rows.map((row) => [row.id, row]));
      const members = new Map(rows.filter((row) => row.workspace_id !== null).map((row) => [`${row.workspace_id}:${row.id}`, row]));
      return keys.map(({ workspaceId, userId }) => {
        const account = accounts.get(userId);
        if (!account) return null;
        const member = members.get(`${workspaceId}:${userId}`);
        return userInWorkspace(
          { id: account.id, email: account.email, displayName: account.display_name, createdAt: account.created_at, updatedAt: account.updated_at },
          member ? { displayName: member.member_name } : null,
        );
      });
    },
    { cacheKeyFn: (key) => `${key.workspaceId}:${key.userId}` },
  );
}
