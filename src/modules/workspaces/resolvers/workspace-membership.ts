import { capabilitiesOf, roleCoversAllTenants, type TenantAccess } from '../auth/capabilities.js';
import type { WorkspaceMembershipResolvers } from '../../../generated/resolvers-types.js';

export const workspaceMembership: WorkspaceMembershipResolvers = {
  workspace: async (membership, _args, context) => (await context.loaders.workspace.load(membership.workspace))!,
  user: async (membership, _args, context) => (await context.loaders.userInWorkspace.load({ workspaceId: membership.workspace, userId: membership.user }))!,
  capabilities: (membership) => capabilitiesOf(membership.role),
  tenantAccess: (membership): TenantAccess => (roleCoversAllTenants(membership.role) ? 'all' : 'assigned'),
};
