import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../../../platform/ids.js';
import { type WorkspaceRole, roleCoversAllTenants } from '../auth/capabilities.js';
import type { EntitlementChanges } from '../auth/request-entitlements.js';
import { TenantMembershipSchema } from '../../tenants/entities/tenant-membership.js';
import type { Tenant } from '../../tenants/entities/tenant.js';
import { UserSchema } from '../entities/user.js';
import { WorkspaceMembershipSchema, type WorkspaceMembership } from '../entities/workspace-membership.js';
import { checkName, normalizeEmail } from '../../../platform/input-rules.js';
import { defaultDisplayName } from '../domain/member-names.js';
import { badInput, notFound } from '../../../platform/errors.js';
import { AuditService } from './audit-service.js';

export interface AddMemberInput {
  workspaceId: string;
  email: string;
  displayName?: string | null;
  role: WorkspaceRole;
}

/**
 * Workspace membership, roles and per-tenant entitlements. Every change, once committed, ends the
 * cached entitlements of the member it changed before the change is answered.
 */
export class MembershipService {
  constructor(
    private readonly em: EntityManager,
    private readonly entitlements: EntitlementChanges,
  ) {}

  /**
   * Adds a member under the display name the caller gives (else their email's local part), creating
   * the user account on first sight of the email. The name belongs to this workspace: an account
   * that exists elsewhere is answered exactly like a new one, and keeps its names elsewhere.
   * Re-adding updates the role, and the name when one is given.
   */
  async add(actorId: string, input: AddMemberInput): Promise<WorkspaceMembership> {
    const email = normalizeEmail(input.email);
    if (!email) throw badInput(`"${input.email.slice(0, 80)}" is not a valid email address.`, [{ field: 'email', message: 'invalid email' }]);
    let givenName: string | null = null;
    if (input.displayName !== null && input.displayName !== undefined) {
      const checked = checkName('displayName', input.displayName);
      if ('problem' in checked) throw badInput(checked.problem.message, [checked.problem]);
      givenName = checked.value;
    }
    const membership = await this.em.transactional(async (em) => {
      await em.execute(
        `insert into users (id, email, display_name, created_at, updated_at) values (?, ?, ?, now(), now()) on conflict (email) do nothing`,
        [newId(), email, givenName ?? defaultDisplayName(email)],
        'run',
      );
      const user = await em.findOneOrFail(UserSchema, { email });
      let membership = await em.findOne(WorkspaceMembershipSchema, { workspace: input.workspaceId, user: user.id });
      if (membership) {
        await this.guardLastOwner(em, membership, input.role);
        membership.role = input.role;
        if (givenName !== null) membership.displayName = givenName;
      } else {
        membership = em.create(WorkspaceMembershipSchema, {
          id: newId(),
          workspace: input.workspaceId,
          user: user.id,
          role: input.role,
          displayName: givenName ?? defaultDisplayName(email),
        });
      }
      new AuditService(em).record({
        workspaceId: input.workspaceId,
        actorId,
        action: 'workspace.member_added',
        subjectType: 'user',
        subjectId: user.id,
        metadata: { email, role: input.role },
      });
      return membership;
    });
    await this.entitlements.changed([membership.user]);
    return membership;
  }

  async updateRole(actorId: string, workspaceId: string, userId: string, role: WorkspaceRole): Promise<WorkspaceMembership> {
    const membership = await this.em.transactional(async (em) => {
      const membership = await em.findOne(WorkspaceMembershipSchema, { workspace: workspaceId, user: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!membership) throw notFound('Workspace member');
      await this.guardLastOwner(em, membership, role);
      const previous = membership.role;
      membership.role = role;
      new AuditService(em).record({
        workspaceId,
        actorId,
        action: 'workspace.member_role_changed',
        subjectType: 'user',
        subjectId: userId,
        metadata: { from: previous, to: role },
      });
      return membership;
    });
    await this.entitlements.changed([userId]);
    return membership;
  }

  async remove(actorId: string, workspaceId: string, userId: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const membership = await em.findOne(WorkspaceMembershipSchema, { workspace: workspaceId, user: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!membership) throw notFound('Workspace member');
      await this.guardLastOwner(em, membership, null);
      await em.nativeDelete(TenantMembershipSchema, { workspace: workspaceId, user: userId });
      em.remove(membership);
      new AuditService(em).record({
        workspaceId,
        actorId,
        action: 'workspace.member_removed',
        subjectType: 'user',
        subjectId: userId,
      });
    });
    await this.entitlements.changed([userId]);
  }

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

  /** A workspace must always keep at least one owner. */
  private async guardLastOwner(em: EntityManager, membership: WorkspaceMembership, nextRole: WorkspaceRole | null): Promise<void> {
    if (membership.role !== 'owner' || nextRole === 'owner') return;
    const owners = await em.count(WorkspaceMembershipSchema, { workspace: membership.workspace, role: 'owner' });
    if (owners <= 1) {
      throw badInput('A workspace needs at least one owner; make another member owner first.', [{ field: 'role', message: 'cannot remove the last owner' }]);
    }
  }
}
