import { loadActor } from '../auth/actor-loader.js';
import { can, roleIn, visibleTenants } from '../auth/authorize.js';
import { capabilitiesOf, roleCoversAllTenants, type TenantAccess } from '../auth/capabilities.js';
import { requireActor, actorId } from '../auth/request-actor.js';
import { BaselineProfileSchema } from '../../baselines/entities/baseline-profile.js';
import { TenantMembershipSchema } from '../../tenants/entities/tenant-membership.js';
import type { Tenant } from '../../tenants/entities/tenant.js';
import { WorkspaceMembershipSchema } from '../entities/workspace-membership.js';
import { WorkspaceSchema } from '../entities/workspace.js';
import { checkName } from '../../../platform/input-rules.js';
import { badInput, forbidden, notFound } from '../../../platform/errors.js';
import { paginate, paginateRows } from '../../../platform/graphql/connection.js';
import { selectsPath } from '../../../platform/graphql/selects.js';
import type { Resolvers } from '../../../generated/resolvers-types.js';
import { readTenantPage, TENANT_PAGE_COLUMNS } from '../../tenants/services/tenant-page-reader.js';
import { MembershipService } from '../services/membership-service.js';
import { WorkspaceService } from '../services/workspace-service.js';
import { authorizedTenant } from '../../tenants/authorized-tenant.js';
import { authorizedWorkspace } from '../auth/authorized-workspace.js';
import { parseId } from '../../../platform/graphql/id-arguments.js';

export const workspaceResolvers: Resolvers = {
  Query: {
    me: async (_root, _args, context) => {
      const actor = requireActor(context);
      return { user: actor.user, memberships: await context.em.find(WorkspaceMembershipSchema, { user: actor.user.id }, { orderBy: { id: 'asc' } }) };
    },
    workspaces: async (_root, _args, context) => {
      const actor = requireActor(context);
      const ids = [...actor.roles.keys()];
      if (ids.length === 0) return [];
      return context.em.find(WorkspaceSchema, { id: { $in: ids } }, { orderBy: { name: 'asc', id: 'asc' } });
    },
    workspace: (_root, { id }, context) => authorizedWorkspace(context, id, 'workspace.view'),
  },

  Mutation: {
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
    grantTenantAccess: async (_root, { input }, context) => {
      const tenant = await authorizedTenant(context, input.tenantId, 'members.manage', 'tenantId');
      return new MembershipService(context.em, context.runtime.entitlements).grantTenant(actorId(context), tenant, parseId(input.userId, 'userId'));
    },
    revokeTenantAccess: async (_root, { input }, context) => {
      const tenant = await authorizedTenant(context, input.tenantId, 'members.manage', 'tenantId');
      return new MembershipService(context.em, context.runtime.entitlements).revokeTenant(actorId(context), tenant, parseId(input.userId, 'userId'));
    },
  },

  Workspace: {
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
    tenants: (workspace, { first, after, filter }, context, info) => {
      let namePattern: string | null = null;
      if (filter?.nameContains) {
        const search = checkName('filter.nameContains', filter.nameContains);
        if ('problem' in search) throw badInput(search.problem.message, [search.problem]);
        namePattern = `%${search.value.replace(/[\\%_]/g, '\\$&')}%`;
      }
      const pageFilter = {
        workspaceId: workspace.id,
        visible: visibleTenants(requireActor(context), workspace.id),
        statuses: filter?.status?.length ? filter.status : null,
        namePattern,
      };
      const isQuery = info.operation.operation === 'query';
      const reads = { loaders: isQuery ? context.loaders : null, withTruth: isQuery && selectsPath(info, ['edges', 'node', 'compareReadiness']) };
      return paginateRows(
        { connection: 'tenants', columns: [...TENANT_PAGE_COLUMNS], direction: 'asc', keyOf: (t: Tenant) => [t.name, t.id] },
        { first, after },
        (page) => readTenantPage(context.em, pageFilter, page, reads),
      );
    },
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
  },

  WorkspaceMembership: {
    workspace: async (membership, _args, context) => (await context.loaders.workspace.load(membership.workspace))!,
    user: async (membership, _args, context) => (await context.loaders.userInWorkspace.load({ workspaceId: membership.workspace, userId: membership.user }))!,
    capabilities: (membership) => capabilitiesOf(membership.role),
    tenantAccess: (membership): TenantAccess => (roleCoversAllTenants(membership.role) ? 'all' : 'assigned'),
    grantedTenants: async (membership, _args, context) => {
      const actor = requireActor(context);
      const grants = await context.em.find(TenantMembershipSchema, { workspace: membership.workspace, user: membership.user });
      const tenants = await Promise.all(grants.map((grant) => context.loaders.tenant.load(grant.tenant)));
      return tenants.filter((tenant): tenant is Tenant => tenant !== null && can(actor, { workspaceId: tenant.workspace, tenantId: tenant.id }, 'tenant.view'));
    },
  },
};
