import { isEntitled } from '../../workspaces/auth/authorize.js';
import { requireActor, actorId } from '../../workspaces/auth/request-actor.js';
import type { Resolvers } from '../../../generated/resolvers-types.js';
import { BaselineSnapshotSchema } from '../entities/baseline-snapshot.js';
import { paginate } from '../../../platform/graphql/connection.js';
import { profileCompareAvailability } from '../services/compare-availability.js';
import { BaselineProfileService } from '../services/baseline-profile-service.js';
import { authorizedProfile } from '../authorized-baselines.js';
import { authorizedTenant } from '../../tenants/authorized-tenant.js';
import { authorizedWorkspace } from '../../workspaces/auth/authorized-workspace.js';

export const baselineProfileResolvers: Resolvers = {
  Query: {
    baselineProfile: (_root, { id }, context) => authorizedProfile(context, id, 'baselines.view'),
  },

  Mutation: {
    createBaselineProfile: async (_root, { input }, context) => {
      const workspace = await authorizedWorkspace(context, input.workspaceId, 'baselines.manage', 'workspaceId');
      return new BaselineProfileService(context.em).create(actorId(context), workspace.id, {
        name: input.name,
        description: input.description,
        captureMode: input.captureMode,
        policyTypes: input.scope.policyTypes,
      });
    },
    updateBaselineProfile: async (_root, { input }, context) => {
      const profile = await authorizedProfile(context, input.id, 'baselines.manage');
      return new BaselineProfileService(context.em).update(actorId(context), profile, {
        name: input.name,
        description: input.description,
        captureMode: input.captureMode,
        policyTypes: input.scope?.policyTypes ?? null,
      });
    },
    activateBaselineProfile: async (_root, { id }, context) => {
      const profile = await authorizedProfile(context, id, 'baselines.manage');
      return new BaselineProfileService(context.em).activate(actorId(context), profile);
    },
    archiveBaselineProfile: async (_root, { id }, context) => {
      const profile = await authorizedProfile(context, id, 'baselines.manage');
      return new BaselineProfileService(context.em).archive(actorId(context), profile);
    },
    assignBaselineProfile: async (_root, { input }, context) => {
      const tenant = await authorizedTenant(context, input.tenantId, 'baselines.manage', 'tenantId');
      const profile = await authorizedProfile(context, input.profileId, 'baselines.manage', 'profileId');
      return new BaselineProfileService(context.em).assign(actorId(context), profile, tenant);
    },
    unassignBaselineProfile: async (_root, { tenantId }, context) => {
      const tenant = await authorizedTenant(context, tenantId, 'baselines.manage', 'tenantId');
      await new BaselineProfileService(context.em).unassign(actorId(context), tenant);
      context.loaders.assignmentsByTenant.clear(tenant.id);
      return tenant;
    },
  },

  BaselineProfile: {
    __resolveReference: (reference, context) => authorizedProfile(context, reference.id, 'baselines.view'),
    workspace: async (profile, _args, context) => (await context.loaders.workspace.load(profile.workspace))!,
    assignments: async (profile, _args, context) => {
      const actor = requireActor(context);
      const assignments = await context.loaders.assignmentsByProfile.load(profile.id);
      return assignments.filter((assignment) => isEntitled(actor, { workspaceId: assignment.workspace, tenantId: assignment.tenant }));
    },
    effectiveSnapshot: (profile, _args, context) => context.loaders.effectiveSnapshotByProfile.load(profile.id),
    latestAttemptedSnapshot: (profile, _args, context) => context.loaders.latestAttemptedByProfile.load(profile.id),
    compareReadiness: (profile, _args, context) => profileCompareAvailability(context.loaders, profile),
    snapshots: (profile, { first, after, filter }, context) => {
      const qb = context.em.createQueryBuilder(BaselineSnapshotSchema, 's').where({ profile: profile.id });
      if (filter?.lifecycleState?.length) qb.andWhere({ lifecycleState: { $in: filter.lifecycleState } });
      return paginate(
        qb,
        { connection: 'profileSnapshots', columns: [{ sql: 's.id', cast: 'uuid' }], direction: 'desc', keyOf: (snapshot) => [snapshot.id] },
        { first, after },
      );
    },
  },

  BaselineTenantAssignment: {
    tenant: async (assignment, _args, context) => (await context.loaders.tenant.load(assignment.tenant))!,
    profile: async (assignment, _args, context) => (await context.loaders.profile.load(assignment.profile))!,
    assignedAt: (assignment) => assignment.createdAt,
    assignedBy: (assignment, _args, context) =>
      assignment.assignedBy ? context.loaders.userInWorkspace.load({ workspaceId: assignment.workspace, userId: assignment.assignedBy }) : null,
  },
};
