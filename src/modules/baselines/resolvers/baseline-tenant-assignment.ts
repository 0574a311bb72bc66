import type { BaselineTenantAssignmentResolvers } from '../../../generated/resolvers-types.js';

export const baselineTenantAssignment: BaselineTenantAssignmentResolvers = {
  tenant: async (assignment, _args, context) => (await context.loaders.tenant.load(assignment.tenant))!,
  profile: async (assignment, _args, context) => (await context.loaders.profile.load(assignment.profile))!,
  assignedAt: (assignment) => assignment.createdAt,
  assignedBy: (assignment, _args, context) =>
    assignment.assignedBy ? context.loaders.userInWorkspace.load({ workspaceId: assignment.workspace, userId: assignment.assignedBy }) : null,
};
