import { parseId } from '../../../platform/graphql/id-arguments.js';
import { loadActor } from '../auth/actor-loader.js';
import { authorizedWorkspace } from '../auth/authorized-workspace.js';
import { actorId } from '../auth/request-actor.js';
import { MembershipService } from '../services/membership-service.js';
import { WorkspaceService } from '../services/workspace-service.js';
import type { MutationResolvers } from '../../../generated/resolvers-types.js';

export const mutation: MutationResolvers = {
  createWorkspace: async (_root, { input }, context) => {
    const workspace = await new WorkspaceService(context.em, context.runtime.entitlements).create(actorId(context), input.name);
    // The caller is now its owner: reload their entitlements so the response's fields can see it.
    context.actor = await loadActor(context.em, actorId(context));
    return workspace;
  },
  addWorkspaceMember: async (_root, { input }, context) => {
    const workspace = await authorizedWorkspace(context, input.workspaceId, 'members.manage', 'workspaceId');
    return new MembershipService(context.em, context.runtime.entitlements).add(actorId(context), {
      workspaceId: workspace.id,
      email: input.email,
      displayName: input.displayName ?? null,
      role: input.role,
    });
  },
  updateWorkspaceMember: async (_root, { input }, context) => {
    const workspace = await authorizedWorkspace(context, input.workspaceId, 'members.manage', 'workspaceId');
    return new MembershipService(context.em, context.runtime.entitlements).updateRole(
      actorId(context),
      workspace.id,
      parseId(input.userId, 'userId'),
      input.role,
    );
  },
  removeWorkspaceMember: async (_root, { input }, context) => {
    const workspace = await authorizedWorkspace(context, input.workspaceId, 'members.manage', 'workspaceId');
    const userId = parseId(input.userId, 'userId');
    await new MembershipService(context.em, context.runtime.entitlements).remove(actorId(context), workspace.id, userId);
    return { workspace, removedUserId: userId };
  },
};
