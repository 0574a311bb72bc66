import type { EntityManager } from '@mikro-orm/postgresql';
import type { InventorySyncReasonCode } from '../domain/inventory-sync-reasons.js';
import type { OperationRun } from '../../operation-runs/entities/operation-run.js';
import { TenantConnectorCredentialSchema } from '../entities/tenant-connector-credential.js';
import type { Tenant } from '../../tenants/entities/tenant.js';
import type { OperationRunService } from '../../operation-runs/services/operation-run-service.js';

export type SyncStart = { kind: 'started'; run: OperationRun; created: boolean } | { kind: 'blocked'; reasonCode: InventorySyncReasonCode };

export type SyncTrigger = 'manual' | 'schedule';

/**
 * Start-time rules for inventory sync; refusals are data, never exceptions. A tenant has at most
 * one active sync (its identity is the tenant alone), so a manual start while a scheduled sync
 * runs (or the other way round) returns the active run instead of a second one.
 */
export class InventorySyncStartService {
  constructor(
    private readonly em: EntityManager,
    private readonly runs: OperationRunService,
  ) {}

  async start(initiatorId: string | null, tenant: Tenant, trigger: SyncTrigger): Promise<SyncStart> {
    if (tenant.status !== 'active') return { kind: 'blocked', reasonCode: 'inventory_sync.tenant_unavailable' };
    const credentials = await this.em.findOne(TenantConnectorCredentialSchema, { tenant: tenant.id });
    if (!credentials) return { kind: 'blocked', reasonCode: 'inventory_sync.credentials_missing' };
    const { run, created } = await this.runs.launch({
      workspaceId: tenant.workspace,
      tenantId: tenant.id,
      initiatorId,
      type: 'inventory_sync',
      identity: {},
      context: { connector: credentials.connector, trigger },
    });
    return { kind: 'started', run, created };
  }
}
