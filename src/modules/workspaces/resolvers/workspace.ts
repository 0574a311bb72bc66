import { forbidden, notFound } from '../../../platform/errors.js';
import { paginate } from '../../../platform/graphql/connection.js';
import { can, roleIn } from '../auth/authorize.js';
import { authorizedWorkspace } from '../auth/authorized-workspace.js';
import { capabilitiesOf } from '../auth/capabilities.js';
import { requireActor } from '../auth/request-actor.js';
import { WorkspaceMembershipSchema } from '../entities/workspace-membership.js';
import type { WorkspaceResolvers } from '../../../generated/resolvers-types.js';

export const workspace: WorkspaceResolvers = {
  __resolveReference: (reference, context) => authorizedWorkspace(context, reference.id, 'workspace.view'),
  viewerRole: (workspace, _args, context) => {
    const role = roleIn(requireActor(context), workspace.id);
    if (!role) throw notFound('Workspace');
    return role;
  },
  viewerCapabilities: (workspace, _args, context) => {
    const role = roleIn(requireActor(context), workspace.id);
    return role ? capabilitiesOf(role) : [];
  },
  members: (workspace, args, context) => {
    if (!can(requireActor(context), { workspaceId: workspace.id }, 'members.view')) throw forbidden('members.view');
    const qb = context.em.createQueryBuilder(WorkspaceMembershipSchema, 'm').where({ workspace: workspace.id });
    return paginate(qb, { connection: 'members', columns: [{ sql: 'm.id', cast: 'uuid' }], direction: 'asc', keyOf: (m) => [m.id] }, args);
  },
};
