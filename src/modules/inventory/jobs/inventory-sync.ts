import { INVENTORY_SYNC_REASON_CATALOG } from '../domain/inventory-sync-reasons.js';
import { ConnectorFailure, type ConnectorStats } from '../connectors/inventory-connector.js';
import { CredentialCipher, CredentialUnreadable } from '../connectors/credential-cipher.js';
import { microsoftGraphConnector } from '../connectors/microsoft-graph/microsoft-graph.js';
import { summarizeError } from '../../../platform/error-text.js';
import type { InventorySyncReasonCode } from '../domain/inventory-sync-reasons.js';
import { TenantSchema } from '../../tenants/entities/tenant.js';
import { InventorySyncService } from '../services/inventory-sync-service.js';
import { InventorySyncSettingsService, type OpenedCredentials } from '../services/inventory-sync-settings-service.js';
import type { InventorySyncResult } from './inventory-sync-contract.js';
import type { HandlerFor, HandlerResult } from '../../operation-runs/jobs/operation-registry.js';

function blocked(
  reasonCode: InventorySyncReasonCode,
  message = INVENTORY_SYNC_REASON_CATALOG.describe(reasonCode).explanation,
): HandlerResult<InventorySyncResult> {
  return { outcome: 'blocked', reasonCode, message };
}

function costCounts(stats: ConnectorStats): Record<string, number> {
  return { source_requests: stats.requests, backoff_waits: stats.backoffWaits, backoff_ms: stats.backoffMs };
}

/**
 * The `inventory_sync` job: re-checks the tenant and its credentials, then pulls the tenant's
 * configuration through its connector and applies it as one generation. Prerequisites an
 * operator must fix block the run; trouble at the source fails it; either way with a reason from
 * the catalog, and the previous inventory untouched.
 */
export const inventorySyncHandler: HandlerFor<'inventory_sync'> = async ({ runtime, run, input, attemptId, signal, progress }) => {
  const em = runtime.orm.em.fork();
  const tenant = await em.findOne(TenantSchema, { id: input.tenantId });
  if (!tenant || tenant.status !== 'active') return blocked('inventory_sync.tenant_unavailable');
  const config = runtime.config.inventorySync;

  let credentials: OpenedCredentials | null;
  try {
    credentials = await new InventorySyncSettingsService(em, new CredentialCipher(config.credentialKeys)).openCredentials(tenant.id);
  } catch (error) {
    if (error instanceof CredentialUnreadable) return blocked('inventory_sync.credentials_unreadable', summarizeError(error));
    throw error;
  }
  if (!credentials) return blocked('inventory_sync.credentials_missing');

  const connector = microsoftGraphConnector(config, { directory: tenant.externalTenantId, ...credentials });
  try {
    const { counts, rejected } = await new InventorySyncService(runtime.orm).sync(run, attemptId, tenant, connector, { signal, progress });
    return {
      outcome: rejected.length > 0 ? 'partially_succeeded' : 'succeeded',
      reasonCode: rejected.length > 0 ? 'inventory_sync.subjects_rejected' : null,
      summaryCounts: { ...counts, ...costCounts(connector.stats) },
      failures: rejected,
      result: { connector: 'microsoft_graph', policyTypes: connector.policyTypes, generation: attemptId },
    };
  } catch (error) {
    if (!(error instanceof ConnectorFailure)) throw error;
    if (error.outcome === 'blocked') return blocked(error.reasonCode, error.message);
    return {
      outcome: 'failed',
      reasonCode: error.reasonCode,
      summaryCounts: costCounts(connector.stats),
      failures: [{ code: error.reasonCode, message: error.message }],
    };
  }
};
