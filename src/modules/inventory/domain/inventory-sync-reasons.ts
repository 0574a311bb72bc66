import { ReasonCatalog } from '../../operation-runs/domain/reason-catalog.js';

const CREDENTIALS_NEXT_STEP = "Set the tenant's connector credentials again (setInventoryConnectorCredentials), then start the sync again.";

/**
 * Inventory sync reason codes. Prerequisites an operator must fix (credentials, consent,
 * permissions, the tenant itself) block the run; trouble at the source while pulling fails it.
 * Either way the previous inventory is kept.
 */
export const INVENTORY_SYNC_REASONS = {
  'inventory_sync.tenant_unavailable': {
    label: 'Tenant unavailable for sync',
    explanation: 'The tenant no longer exists or is archived; archived tenants accept no new inventory.',
    nextStep: 'Sync an active tenant of this workspace.',
  },
  'inventory_sync.credentials_missing': {
    label: 'Connector credentials missing',
    explanation: 'This tenant has no Microsoft Graph connector credentials, so its inventory cannot be pulled.',
    nextStep: "Set the tenant's connector credentials (the app registration's client id and a client secret), then start the sync.",
  },
  'inventory_sync.credentials_unreadable': {
    label: 'Stored credentials unreadable',
    explanation: "The tenant's connector secret was encrypted with a key this deployment does not have.",
    nextStep: "Add the key it was stored with to CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS, or set the tenant's connector credentials again.",
  },
  'inventory_sync.credentials_rejected': {
    label: 'Connector credentials rejected',
    explanation: 'Microsoft Entra refused the client id or client secret: it is wrong, expired or was deleted.',
    nextStep: `Create a new client secret for the app registration. ${CREDENTIALS_NEXT_STEP}`,
  },
  'inventory_sync.consent_missing': {
    label: 'Admin consent missing',
    explanation: "The app registration is not consented in this tenant's directory (or consent was revoked), so Entra issues no token for it.",
    nextStep: 'Ask a Global Administrator of the customer tenant to grant admin consent to the app registration, then start the sync again.',
  },
  'inventory_sync.directory_not_found': {
    label: 'Directory not found',
    explanation: "Microsoft Entra does not know the tenant's external id as a directory.",
    nextStep: "Set the tenant's external id to its Entra tenant id (a GUID) or primary domain, then start the sync again.",
  },
  'inventory_sync.permission_missing': {
    label: 'Graph permission missing',
    explanation: 'Microsoft Graph refused to read Intune configuration: the app lacks DeviceManagementConfiguration.Read.All or its consent was revoked.',
    nextStep: 'Grant the application permission DeviceManagementConfiguration.Read.All with admin consent, then start the sync again.',
  },
  'inventory_sync.throttled': {
    label: 'Source kept throttling',
    explanation: 'Microsoft Graph throttled the sync for longer than its backoff budget allows; nothing was applied and the previous inventory was kept.',
    nextStep: 'Start the sync again later, or sync this tenant less often.',
  },
  'inventory_sync.source_unavailable': {
    label: 'Source unavailable',
    explanation: 'Microsoft Graph or Entra did not answer successfully after retries; nothing was applied and the previous inventory was kept.',
    nextStep: 'Check Microsoft 365 service health and the network path to Microsoft Graph, then start the sync again.',
  },
  'inventory_sync.source_response_invalid': {
    label: 'Unreadable source response',
    explanation: 'The source answered with data the connector cannot read, or pointed the next page at another host; nothing was applied.',
    nextStep: 'Open the run diagnostics; if this repeats, report it with the run id.',
  },
  'inventory_sync.subjects_rejected': {
    label: 'Some objects were skipped',
    explanation: 'Some configuration objects break the inventory rules (size or characters); they were skipped and keep their previous inventory state.',
    nextStep: "Review the run's failures for the skipped objects.",
  },
} as const;

export type InventorySyncReasonCode = keyof typeof INVENTORY_SYNC_REASONS;

/** The inventory sync reasons on their own, for code that only ever records these. */
export const INVENTORY_SYNC_REASON_CATALOG = new ReasonCatalog([INVENTORY_SYNC_REASONS]);
