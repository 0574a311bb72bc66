import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../../../platform/ids.js';
import { type WorkspaceRole } from '../auth/capabilities.js';
import type { EntitlementChanges } from '../auth/request-entitlements.js';
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
 * Workspace membership and roles (per-tenant grants: the tenants module's TenantAccessService). Every change, once committed, ends the
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
      // Their tenant grants go with them. The grants table belongs to the tenants module, which sits above this one.
      await em.execute('delete from tenant_memberships where workspace_id = ? and user_id = ?', [workspaceId, userId], 'run');
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

  /** A workspace must always keep at least one owner. */
  private async guardLastOwner(em: EntityManager, membership: WorkspaceMembership, nextRole: WorkspaceRole | null): Promise<void> {
    if (membership.role !== 'owner' || nextRole === 'owner') return;
    const owners = await em.count(WorkspaceMembershipSchema, { workspace: membership.workspace, role: 'owner' });
    if (owners <= 1) {
      throw badInput('A workspace needs at least one owner; make another member owner first.', [{ field: 'role', message: 'cannot remove the last owner' }]);
    }
  }
}
