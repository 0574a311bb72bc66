import type { EntityManager } from '@mikro-orm/postgresql';
import type { CredentialCipher } from '../connectors/credential-cipher.js';
import { checkClientId, checkClientSecret, checkSyncInterval, normalizeClientId } from '../domain/inventory-sync-rules.js';
import { TenantConnectorCredentialSchema } from '../entities/tenant-connector-credential.js';
import { TenantSchema, type Tenant } from '../../tenants/entities/tenant.js';
import { badInput, type FieldProblem } from '../../../platform/errors.js';
import { AuditService } from '../../workspaces/services/audit-service.js';

export interface CredentialsInput {
  clientId: string;
  clientSecret: string;
}

/** What a sync needs to authenticate; only ever held in memory. */
export interface OpenedCredentials {
  clientId: string;
  clientSecret: string;
}

function refuseArchived(tenant: Tenant): void {
  if (tenant.status === 'archived') {
    throw badInput('This tenant is archived; archived tenants accept no inventory and cannot be synced.', [
      { field: 'tenantId', message: 'tenant is archived' },
    ]);
  }
}

function rejectProblems(problems: (FieldProblem | null)[]): void {
  const found = problems.filter((problem): problem is FieldProblem => problem !== null);
  if (found.length > 0) throw badInput(found.map((problem) => problem.message).join(' '), found);
}

/**
 * A tenant's inventory sync settings: its connector credentials (sealed at rest, never returned)
 * and its schedule. Every change is audited without the secret.
 */
export class InventorySyncSettingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly cipher: CredentialCipher,
  ) {}

  /** Sets or replaces the tenant's Microsoft Graph credentials. */
  async setCredentials(actorId: string, tenant: Tenant, input: CredentialsInput): Promise<Tenant> {
    rejectProblems([checkClientId('clientId', input.clientId), checkClientSecret('clientSecret', input.clientSecret)]);
    refuseArchived(tenant);
    const sealed = this.cipher.seal(input.clientSecret, tenant.id);
    await this.em.transactional(async (em) => {
      const existing = await em.findOne(TenantConnectorCredentialSchema, { tenant: tenant.id });
      const values = {
        connector: 'microsoft_graph' as const,
        clientId: normalizeClientId(input.clientId),
        secretCiphertext: sealed.ciphertext,
        keyId: sealed.keyId,
        updatedBy: actorId,
      };
      if (existing) em.assign(existing, values);
      else em.create(TenantConnectorCredentialSchema, { tenant: tenant.id, workspace: tenant.workspace, ...values });
      this.audit(em, actorId, tenant, existing ? 'inventory_connector.credentials_replaced' : 'inventory_connector.credentials_set', {
        connector: values.connector,
        clientId: values.clientId,
        keyId: sealed.keyId,
      });
    });
    return tenant;
  }

  /** Removes the tenant's credentials; removing absent credentials changes nothing. */
  async removeCredentials(actorId: string, tenant: Tenant): Promise<Tenant> {
    await this.em.transactional(async (em) => {
      const existing = await em.findOne(TenantConnectorCredentialSchema, { tenant: tenant.id });
      if (!existing) return;
      em.remove(existing);
      this.audit(em, actorId, tenant, 'inventory_connector.credentials_removed', { connector: existing.connector, clientId: existing.clientId });
    });
    return tenant;
  }

  /** Sets the seconds between scheduled syncs, or null to sync only on demand. */
  async setInterval(actorId: string, tenant: Tenant, intervalSeconds: number | null): Promise<Tenant> {
    rejectProblems([checkSyncInterval('intervalSeconds', intervalSeconds)]);
    refuseArchived(tenant);
    return this.em.transactional(async (em) => {
      const managed = em.merge(TenantSchema, tenant);
      managed.inventorySyncIntervalSeconds = intervalSeconds;
      this.audit(em, actorId, tenant, 'inventory_sync.interval_set', { intervalSeconds });
      return managed;
    });
  }

  /** The tenant's credentials with the secret opened, or null when none are stored; throws CredentialUnreadable. */
  async openCredentials(tenantId: string): Promise<OpenedCredentials | null> {
    const stored = await this.em.findOne(TenantConnectorCredentialSchema, { tenant: tenantId });
    if (!stored) return null;
    return { clientId: stored.clientId, clientSecret: this.cipher.open({ keyId: stored.keyId, ciphertext: stored.secretCiphertext }, tenantId) };
  }

  private audit(em: EntityManager, actorId: string, tenant: Tenant, action: string, metadata: Record<string, unknown>): void {
    new AuditService(em).record({ workspaceId: tenant.workspace, tenantId: tenant.id, actorId, action, subjectType: 'tenant', subjectId: tenant.id, metadata });
  }
}
