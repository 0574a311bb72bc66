import { isUuid } from '../../../platform/ids.js';
import type { CompletionMeta } from './snapshot-lifecycle.js';

/**
 * What in a baseline snapshot identifies its source tenant. A capture records the tenant in
 * `summary.source_tenant_id` and the capture run (which belongs to that tenant) in
 * `completionMeta.producerRunId`; both are left out for callers not entitled to the source tenant.
 */

/** The source tenant a capture recorded in the snapshot's summary, or null (imported rows may lack it). */
export function recordedSourceTenantId(summary: Record<string, unknown> | null | undefined): string | null {
  const id = summary?.source_tenant_id;
  return typeof id === 'string' && isUuid(id) ? id.toLowerCase() : null;
}

/** The summary without the source tenant: counts, scope and capture mode only. */
export function summaryWithoutSource(summary: Record<string, unknown>): Record<string, unknown> {
  const { source_tenant_id: _source, ...rest } = summary;
  return rest;
}

/** The completion proof without the capture run that produced it. */
export function completionMetaWithoutSource(meta: CompletionMeta): Omit<CompletionMeta, 'producerRunId'> {
  const { producerRunId: _run, ...rest } = meta;
  return rest;
}
