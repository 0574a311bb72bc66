import { BackoffBudget } from '../../../../platform/backoff-budget.js';
import type { InventorySyncConfig } from '../../services/inventory-sync-config.js';
import { GraphClient, type GraphCredentials } from './graph-client.js';
import { MicrosoftGraphConnector } from './graph-connector.js';

/** Without Retry-After: 1s, 2s, 4s… at most 30s per wait, and at most 8 waits for one request. */
const BACKOFF = { baseDelayMs: 1000, maxDelayMs: 30_000, maxRetriesPerRequest: 8 };

/** A Microsoft Graph connector for one sync, with its own token and its own backoff budget. */
export function microsoftGraphConnector(config: InventorySyncConfig, credentials: GraphCredentials): MicrosoftGraphConnector {
  const budget = new BackoffBudget({ ...BACKOFF, maxTotalWaitMs: config.maxBackoffSeconds * 1000 });
  return new MicrosoftGraphConnector(new GraphClient(config.graph, credentials, budget), config.graph.baseUrl);
}
