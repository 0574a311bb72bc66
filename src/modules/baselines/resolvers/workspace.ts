import { forbidden } from '../../../platform/errors.js';
import { paginate } from '../../../platform/graphql/connection.js';
import { BaselineProfileSchema } from '../entities/baseline-profile.js';
import { can } from '../../workspaces/auth/authorize.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import type { WorkspaceResolvers } from '../../../generated/resolvers-types.js';

export const workspace: WorkspaceResolvers = {
  baselineProfiles: (workspace, { first, after, filter }, context) => {
    if (!can(requireActor(context), { workspaceId: workspace.id }, 'baselines.view')) throw forbidden('baselines.view');
    const qb = context.em.createQueryBuilder(BaselineProfileSchema, 'p').where({ workspace: workspace.id });
    if (filter?.status?.length) qb.andWhere({ status: { $in: filter.status } });
    return paginate(
      qb,
      {
        connection: 'baselineProfiles',
        columns: [
          { sql: 'p.name', cast: 'text' },
          { sql: 'p.id', cast: 'uuid' },
        ],
        direction: 'asc',
        keyOf: (p) => [p.name, p.id],
      },
      { first, after },
    );
  },
};
