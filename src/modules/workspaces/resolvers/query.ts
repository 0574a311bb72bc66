import { authorizedWorkspace } from '../auth/authorized-workspace.js';
import { requireActor } from '../auth/request-actor.js';
import { WorkspaceMembershipSchema } from '../entities/workspace-membership.js';
import { WorkspaceSchema } from '../entities/workspace.js';
import type { QueryResolvers } from '../../../generated/resolvers-types.js';

export const query: QueryResolvers = {
  me: async (_root, _args, context) => {
    const actor = requireActor(context);
    return { user: actor.user, memberships: await context.em.find(WorkspaceMembershipSchema, { user: actor.user.id }, { orderBy: { id: 'asc' } }) };
  },
  workspaces: async (_root, _args, context) => {
    const actor = requireActor(context);
    const ids = [...actor.roles.keys()];
    if (ids.length === 0) return [];
    return context.em.find(WorkspaceSchema, { id: { $in: ids } }, { orderBy: { name: 'asc', id: 'asc' } });
  },
  workspace: (_root, { id }, context) => authorizedWorkspace(context, id, 'workspace.view'),
};
