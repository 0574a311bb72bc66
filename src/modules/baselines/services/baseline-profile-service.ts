import type { EntityManager } from '@mikro-orm/postgresql';
import { BaselineProfileSchema, type BaselineProfile, type BaselineScope, type CaptureMode } from '../entities/baseline-profile.js';
import { BaselineTenantAssignmentSchema, type BaselineTenantAssignment } from '../entities/baseline-tenant-assignment.js';
import type { Tenant } from '../../tenants/entities/tenant.js';
import { checkName, checkPolicyTypes, hasUnpairedSurrogate } from '../../../platform/input-rules.js';
import { newId } from '../../../platform/ids.js';
import { badInput, type FieldProblem } from '../../../platform/errors.js';
import { AuditService } from '../../workspaces/services/audit-service.js';

export interface ProfileFields {
  name?: string | null;
  description?: string | null;
  captureMode?: CaptureMode | null;
  policyTypes?: readonly string[] | null;
}

interface ProfilePatch {
  name?: string;
  description?: string | null;
  captureMode?: CaptureMode;
  scope?: BaselineScope;
}

function validated(fields: ProfileFields): ProfilePatch {
  const problems: FieldProblem[] = [];
  const patch: ProfilePatch = {};
  if (fields.name !== null && fields.name !== undefined) {
    const name = checkName('name', fields.name);
    if ('problem' in name) problems.push(name.problem);
    else patch.name = name.value;
  }
  if (fields.description !== undefined) {
    const description = fields.description?.trim() ?? '';
    if (description.length > 2000) problems.push({ field: 'description', message: 'description must be at most 2000 characters.' });
    else if (description.includes('\u0000')) problems.push({ field: 'description', message: 'description must not contain NUL characters.' });
    else if (hasUnpairedSurrogate(description))
      problems.push({ field: 'description', message: 'description must be valid Unicode text (it contains an unpaired surrogate).' });
    else patch.description = description.length > 0 ? description : null;
  }
  if (fields.captureMode) patch.captureMode = fields.captureMode;
  if (fields.policyTypes) {
    const types = checkPolicyTypes('scope.policyTypes', fields.policyTypes);
    if ('problems' in types) problems.push(...types.problems);
    else patch.scope = { policyTypes: types.value };
  }
  if (problems.length > 0) throw badInput(problems.map((problem) => problem.message).join(' '), problems);
  return patch;
}

function refuseArchived(profile: BaselineProfile): void {
  if (profile.status === 'archived') {
    throw badInput('This baseline profile is archived; archived profiles cannot be changed or assigned.', [
      { field: 'profileId', message: 'profile is archived' },
    ]);
  }
}

/** Baseline profile definitions and their tenant assignments. */
export class BaselineProfileService {
  constructor(private readonly em: EntityManager) {}

  async create(actorId: string, workspaceId: string, fields: ProfileFields & { name: string; policyTypes: readonly string[] }): Promise<BaselineProfile> {
    const patch = validated(fields);
    return this.em.transactional(async (em) => {
      const profile = em.create(BaselineProfileSchema, {
        id: newId(),
        workspace: workspaceId,
        name: patch.name!,
        description: patch.description ?? null,
        captureMode: patch.captureMode ?? 'full_content',
        scope: patch.scope!,
        status: 'draft',
      });
      this.audit(em, actorId, profile, 'baseline_profile.created', { name: profile.name, scope: profile.scope });
      return profile;
    });
  }

  async update(actorId: string, profile: BaselineProfile, fields: ProfileFields): Promise<BaselineProfile> {
    refuseArchived(profile);
    const patch = validated(fields);
    return this.em.transactional(async (em) => {
      const managed = em.merge(BaselineProfileSchema, profile);
      em.assign(managed, patch);
      this.audit(em, actorId, managed, 'baseline_profile.updated', { ...patch });
      return managed;
    });
  }

  /** Idempotent. */
  async activate(actorId: string, profile: BaselineProfile): Promise<BaselineProfile> {
    refuseArchived(profile);
    if (profile.status === 'active') return profile;
    return this.em.transactional(async (em) => {
      const managed = em.merge(BaselineProfileSchema, profile);
      managed.status = 'active';
      this.audit(em, actorId, managed, 'baseline_profile.activated');
      return managed;
    });
  }

  /** Idempotent; removes the profile's tenant assignments. */
  async archive(actorId: string, profile: BaselineProfile): Promise<BaselineProfile> {
    if (profile.status === 'archived') return profile;
    return this.em.transactional(async (em) => {
      const managed = em.merge(BaselineProfileSchema, profile);
      managed.status = 'archived';
      managed.archivedAt = new Date();
      const removed = await em.nativeDelete(BaselineTenantAssignmentSchema, { profile: profile.id });
      this.audit(em, actorId, managed, 'baseline_profile.archived', { assignmentsRemoved: removed });
      return managed;
    });
  }

  /** Assigns the profile to the tenant, replacing the tenant's earlier assignment. */
  async assign(actorId: string, profile: BaselineProfile, tenant: Tenant): Promise<BaselineTenantAssignment> {
    if (profile.workspace !== tenant.workspace) {
      throw badInput('The profile and the tenant belong to different workspaces.', [{ field: 'profileId', message: 'profile not in the tenant workspace' }]);
    }
    refuseArchived(profile);
    if (tenant.status === 'archived') {
      throw badInput('This tenant is archived; archived tenants cannot be assigned a baseline.', [{ field: 'tenantId', message: 'tenant is archived' }]);
    }
    return this.em.transactional(async (em) => {
      await em.execute(
        `insert into baseline_tenant_assignments (id, workspace_id, tenant_id, baseline_profile_id, assigned_by_id, created_at)
         values (?, ?, ?, ?, ?, now())
         on conflict (tenant_id) do update set baseline_profile_id = excluded.baseline_profile_id,
           assigned_by_id = excluded.assigned_by_id, created_at = excluded.created_at`,
        [newId(), tenant.workspace, tenant.id, profile.id, actorId],
        'run',
      );
      this.audit(em, actorId, profile, 'baseline_profile.assigned', { tenantId: tenant.id }, tenant.id);
      return em.findOneOrFail(BaselineTenantAssignmentSchema, { tenant: tenant.id }, { refresh: true });
    });
  }

  /** Idempotent. */
  async unassign(actorId: string, tenant: Tenant): Promise<void> {
    await this.em.transactional(async (em) => {
      const assignment = await em.findOne(BaselineTenantAssignmentSchema, { tenant: tenant.id });
      if (!assignment) return;
      em.remove(assignment);
      new AuditService(em).record({
        workspaceId: tenant.workspace,
        tenantId: tenant.id,
        actorId,
        action: 'baseline_profile.unassigned',
        subjectType: 'baseline_profile',
        subjectId: assignment.profile,
      });
    });
  }

  private audit(em: EntityManager, actorId: string, profile: BaselineProfile, action: string, metadata: Record<string, unknown> = {}, tenantId?: string): void {
    new AuditService(em).record({
      workspaceId: profile.workspace,
      tenantId: tenantId ?? null,
      actorId,
      action,
      subjectType: 'baseline_profile',
      subjectId: profile.id,
      metadata,
    });
  }
}
