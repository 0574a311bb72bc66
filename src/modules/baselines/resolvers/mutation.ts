import { parseId } from '../../../platform/graphql/id-arguments.js';
import { authorizedTenant } from '../../tenants/authorized-tenant.js';
import { authorizedWorkspace } from '../../workspaces/auth/authorized-workspace.js';
import { actorId } from '../../workspaces/auth/request-actor.js';
import { authorizedProfile } from '../authorized-baselines.js';
import { BaselineProfileService } from '../services/baseline-profile-service.js';
import { BaselineStartService } from '../services/baseline-start-service.js';
import type { MutationResolvers } from '../../../generated/resolvers-types.js';

export const mutation: MutationResolvers = {
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
  startBaselineCapture: async (_root, { profileId, sourceTenantId }, context) => {
    // The source tenant first: a tenant the caller is not entitled to does not exist for them (NOT_FOUND),
    // whatever their role; only then does a missing capability read FORBIDDEN.
    const tenant = await authorizedTenant(context, sourceTenantId, 'tenant.view', 'sourceTenantId');
    const profile = await authorizedProfile(context, profileId, 'baselines.manage', 'profileId');
    const result = await new BaselineStartService(context.loaders, context.runtime.runs).startCapture(actorId(context), profile, tenant);
    if (result.kind === 'blocked') return { __typename: 'CaptureBlocked', reason: context.runtime.reasons.describe(result.reasonCode) };
    return { __typename: 'CaptureStarted', run: result.run, created: result.created };
  },
  startBaselineCompare: async (_root, { tenantId, baselineSnapshotId }, context) => {
    const tenant = await authorizedTenant(context, tenantId, 'tenant.compare.start', 'tenantId');
    const explicit = baselineSnapshotId ? parseId(baselineSnapshotId, 'baselineSnapshotId') : null;
    const result = await new BaselineStartService(context.loaders, context.runtime.runs).startCompare(actorId(context), tenant, explicit);
    if (result.kind === 'blocked') return { __typename: 'CompareBlocked', availability: result.availability };
    return { __typename: 'CompareStarted', run: result.run, snapshot: result.snapshot, created: result.created };
  },
};
