import { paginate } from '../../../platform/graphql/connection.js';
import { isEntitled } from '../../workspaces/auth/authorize.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import { authorizedProfile } from '../authorized-baselines.js';
import { BaselineSnapshotSchema } from '../entities/baseline-snapshot.js';
import { profileCompareAvailability } from '../services/compare-availability.js';
import type { BaselineProfileResolvers } from '../../../generated/resolvers-types.js';

export const baselineProfile: BaselineProfileResolvers = {
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
};
