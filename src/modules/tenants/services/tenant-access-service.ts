import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { roleCoversAllTenants } from '../../workspaces/auth/capabilities.js';
import type { EntitlementChanges } from '../../workspaces/auth/request-entitlements.js';
import { WorkspaceMembershipSchema, type WorkspaceMembership } from '../../workspaces/entities/workspace-membership.js';
import { AuditService } from '../../workspaces/services/audit-service.js';
import { TenantMembershipSchema } from '../entities/tenant-membership.js';
import type { Tenant } from '../entities/tenant.js';

/**
 * Per-tenant grants of operator and readonly members. Every change, once committed, ends the
 * cached entitlements of the member it changed before the change is answered.
 */
export class TenantAccessService {
  constructor(
    private readonly em: EntityManager,
    private readonly entitlements: EntitlementChanges,
  ) {}

  /** Entitles a member whose role does not already cover every tenant to one tenant. Idempotent. */
  async grantTenant(actorId: string, tenant: Tenant, userId: string): Promise<WorkspaceMembership> {
    const membership = await this.em.transactional(async (em) => {
      const membership = await em.findOne(WorkspaceMembershipSchema, { workspace: tenant.workspace, user: userId });
      if (!membership) throw notFound('Workspace member');
      if (roleCoversAllTenants(membership.role)) {
        throw badInput(`A ${membership.role} already sees every tenant; tenant grants apply to operator and readonly members.`, [
          { field: 'userId', message: 'member already has access to all tenants' },
        ]);
      }
      await em.execute(
        `insert into tenant_memberships (id, workspace_id, tenant_id, user_id, created_at) values (?, ?, ?, ?, now())
         on conflict (tenant_id, user_id) do nothing`,
        [newId(), tenant.workspace, tenant.id, userId],
        'run',
      );
      new AuditService(em).record({
        workspaceId: tenant.workspace,
        tenantId: tenant.id,
        actorId,
        action: 'tenant.access_granted',
        subjectType: 'user',
        subjectId: userId,
      });
      return membership;
    });
    await this.entitlements.changed([userId]);
    return membership;
  }

  async revokeTenant(actorId: string, tenant: Tenant, userId: string): Promise<WorkspaceMembership> {
    const membership = await this.em.transactional(async (em) => {
      const membership = await em.findOne(WorkspaceMembershipSchema, { workspace: tenant.workspace, user: userId });
      if (!membership) throw notFound('Workspace member');
      await em.nativeDelete(TenantMembershipSchema, { tenant: tenant.id, user: userId });
      new AuditService(em).record({
        workspaceId: tenant.workspace,
        tenantId: tenant.id,
        actorId,
        action: 'tenant.access_revoked',
        subjectType: 'user',
        subjectId: userId,
      });
      return membership;
    });
    await this.entitlements.changed([userId]);
    return membership;
  }
}
