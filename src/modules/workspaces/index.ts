import { UserSchema } from './entities/user.js';
import { WorkspaceMembershipSchema } from './entities/workspace-membership.js';
import { WorkspaceSchema } from './entities/workspace.js';

/** Workspaces, users, memberships and roles; the caller's entitlements and the audit log. */
export const typeDefs = new URL('./schema.graphql', import.meta.url);
export { resolvers } from './resolvers/index.js';
export const entities = [WorkspaceSchema, UserSchema, WorkspaceMembershipSchema];
