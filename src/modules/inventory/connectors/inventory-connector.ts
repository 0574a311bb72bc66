import type { InventorySyncReasonCode } from '../domain/inventory-sync-reasons.js';

/** One configuration object as a source lists it, ready to become an inventory item. */
export interface SourceSubject {
  policyType: string;
  externalId: string;
  displayName: string;
  payload: Record<string, unknown>;
  /** sha256 of the canonical JSON payload: the content hash `reportInventory` computes for the same payload. */
  contentHash: string;
}

/** Counters of what pulling cost, reported on the run. */
export interface ConnectorStats {
  requests: number;
  /** Waits on throttling or transient failures, and their total length. */
  backoffWaits: number;
  backoffMs: number;
}

/**
 * A source of one tenant's configuration. A sync owns exactly the connector's policy types: when
 * it completes, subjects of those types the connector did not list are marked removed, and
 * inventory of every other type (pushed through `reportInventory`) is left alone.
 */
export interface InventoryConnector {
  readonly policyTypes: readonly string[];
  readonly stats: ConnectorStats;
  /**
   * Every subject, one source page at a time. Stops as soon as `signal` aborts (rejecting with its
   * reason, even mid-request); expected source trouble rejects with a ConnectorFailure.
   */
  listSubjects(signal: AbortSignal): AsyncIterable<SourceSubject[]>;
}

/** Reasons that are prerequisites for an operator to fix: the run is blocked, not failed. */
const PREREQUISITES: ReadonlySet<InventorySyncReasonCode> = new Set([
  'inventory_sync.credentials_rejected',
  'inventory_sync.consent_missing',
  'inventory_sync.directory_not_found',
  'inventory_sync.permission_missing',
]);

/** Expected trouble at the source, with the catalog reason that explains it to an operator. */
export class ConnectorFailure extends Error {
  constructor(
    readonly reasonCode: InventorySyncReasonCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectorFailure';
  }

  get outcome(): 'blocked' | 'failed' {
    return PREREQUISITES.has(this.reasonCode) ? 'blocked' : 'failed';
  }
}
