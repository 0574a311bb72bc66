import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { TenantSchema, type Tenant } from '../entities/tenant.js';
import { newId } from '../../../platform/ids.js';
import { checkName } from '../../../platform/input-rules.js';
import { badInput } from '../../../platform/errors.js';
import { AuditService } from '../../workspaces/services/audit-service.js';

export interface TenantChanges {
  name?: string | null;
  externalTenantId?: string | null;
}

function checked(field: string, value: string): string {
  const result = checkName(field, value);
  if ('problem' in result) throw badInput(result.problem.message, [result.problem]);
  return result.value;
}

function duplicateExternalId(externalTenantId: string) {
  return badInput(`Another tenant of this workspace already uses external id "${externalTenantId}".`, [
    { field: 'externalTenantId', message: 'already used in this workspace' },
  ]);
}

export class TenantService {
  constructor(private readonly em: EntityManager) {}

  async create(actorId: string, workspaceId: string, name: string, externalTenantId: string): Promise<Tenant> {
    const tenantName = checked('name', name);
    const externalId = checked('externalTenantId', externalTenantId);
    try {
      return await this.em.transactional(async (em) => {
        const tenant = em.create(TenantSchema, { id: newId(), workspace: workspaceId, name: tenantName, externalTenantId: externalId });
        new AuditService(em).record({
          workspaceId,
          tenantId: tenant.id,
          actorId,
          action: 'tenant.created',
          subjectType: 'tenant',
          subjectId: tenant.id,
          metadata: { name: tenantName, externalTenantId: externalId },
        });
        return tenant;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw duplicateExternalId(externalId);
      throw error;
    }
  }

  async update(actorId: string, tenant: Tenant, changes: TenantChanges): Promise<Tenant> {
    const patch: Partial<Pick<Tenant, 'name' | 'externalTenantId'>> = {};
    if (changes.name !== null && changes.name !== undefined) patch.name = checked('name', changes.name);
    if (changes.externalTenantId !== null && changes.externalTenantId !== undefined) {
      patch.externalTenantId = checked('externalTenantId', changes.externalTenantId);
    }
    if (tenant.status === 'archived') {
      throw badInput('This tenant is archived; archived tenants cannot be edited.', [{ field: 'id', message: 'tenant is archived' }]);
    }
    try {
      return await this.em.transactional(async (em) => {
        const managed = em.merge(TenantSchema, tenant);
        em.assign(managed, patch);
        new AuditService(em).record({
          workspaceId: tenant.workspace,
          tenantId: tenant.id,
          actorId,
          action: 'tenant.updated',
          subjectType: 'tenant',
          subjectId: tenant.id,
          metadata: patch,
        });
        return managed;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw duplicateExternalId(patch.externalTenantId ?? '');
      throw error;
    }
  }

  /** Archiving is idempotent: archiving an archived tenant returns it unchanged. */
  async archive(actorId: string, tenant: Tenant): Promise<Tenant> {
    if (tenant.status === 'archived') return tenant;
    return this.em.transactional(async (em) => {
      const managed = em.merge(TenantSchema, tenant);
      managed.status = 'archived';
      managed.archivedAt = new Date();
      new AuditService(em).record({
        workspaceId: tenant.workspace,
        tenantId: tenant.id,
        actorId,
        action: 'tenant.archived',
        subjectType: 'tenant',
        subjectId: tenant.id,
      });
      return managed;
    });
  }
}
