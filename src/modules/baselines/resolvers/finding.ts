import { isEntitled } from '../../workspaces/auth/authorize.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import type { FindingResolvers } from '../../../generated/resolvers-types.js';

export const finding: FindingResolvers = {
  tenant: async (finding, _args, context) => (await context.loaders.tenant.load(finding.tenant))!,
  profile: async (finding, _args, context) => (await context.loaders.profile.load(finding.profile))!,
  snapshot: async (finding, _args, context) => (await context.loaders.snapshot.load(finding.snapshot))!,
  producingRun: async (finding, _args, context) => {
    const run = finding.producingRun ? await context.loaders.run.load(finding.producingRun) : null;
    return run && isEntitled(requireActor(context), { workspaceId: run.workspace, tenantId: run.tenant }) ? run : null;
  },
  lastSeenRun: async (finding, _args, context) => {
    const run = finding.lastSeenRun ? await context.loaders.run.load(finding.lastSeenRun) : null;
    return run && isEntitled(requireActor(context), { workspaceId: run.workspace, tenantId: run.tenant }) ? run : null;
  },
};
