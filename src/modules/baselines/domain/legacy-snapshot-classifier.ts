import type { CompletionMeta, SnapshotLifecycleState } from './snapshot-lifecycle.js';

/** What survives of a snapshot imported from an earlier system. */
export interface LegacySnapshotEvidence {
  /** `summary.total_items` (or equivalent expected-item metadata), when recorded. */
  expectedItems: number | null;
  /** Items actually persisted for the snapshot. */
  persistedItems: number;
  /** The capture run linked to the snapshot, when one can be linked. */
  producerRun: {
    id: string;
    outcome: string;
    /** Items the run reported capturing (`result.items_captured`). */
    itemsCaptured: number | null;
    /** Subjects the run saw in scope (`baseline_capture.subjects_total`). */
    subjectsTotal: number | null;
    completedAt: Date | null;
  } | null;
  capturedAt: Date;
  updatedAt: Date;
}

export type LegacyRule = 'count_proof' | 'producer_run_proof' | 'empty_capture_proof' | 'contradictory' | 'no_proof';

export interface LegacyClassification {
  rule: LegacyRule;
  lifecycleState: Extract<SnapshotLifecycleState, 'complete' | 'incomplete'>;
  completedAt: Date | null;
  failedAt: Date | null;
  completionMeta: CompletionMeta;
}

const SUCCESS = new Set(['succeeded', 'partially_succeeded']);

const REASONS: Record<LegacyRule, string> = {
  count_proof: 'baseline.snapshot.legacy_count_proof',
  producer_run_proof: 'baseline.snapshot.legacy_producer_run_proof',
  empty_capture_proof: 'baseline.snapshot.legacy_empty_capture_proof',
  contradictory: 'baseline.snapshot.legacy_contradictory',
  no_proof: 'baseline.snapshot.legacy_no_proof',
};

/**
 * The spec 159 legacy decision table; the first matching rule wins and nothing elevates
 * contradictory evidence to complete:
 *   0. any recorded count disagrees with the persisted count, or the linked run did not
 *      succeed → contradictory (incomplete);
 *   1. expected items recorded and equal to persisted → complete (count proof);
 *   2. linked run succeeded and its captured count equals persisted → complete (producer-run proof);
 *   3. linked run succeeded, nothing persisted, and zero items were expected → complete (empty capture);
 *   4. some evidence exists but none of the above proves completion → incomplete (contradictory);
 *   5. no evidence → incomplete (no proof).
 */
export function classifyLegacySnapshot(evidence: LegacySnapshotEvidence): LegacyClassification {
  const { expectedItems, persistedItems, producerRun } = evidence;
  const producerCount = producerRun?.itemsCaptured ?? producerRun?.subjectsTotal ?? null;
  const producerSucceeded = producerRun !== null && SUCCESS.has(producerRun.outcome);
  const recordedCounts = [expectedItems, producerRun?.itemsCaptured ?? null, producerRun?.subjectsTotal ?? null].filter(
    (count): count is number => count !== null,
  );
  const meta: CompletionMeta = {
    expectedItems: expectedItems ?? producerCount,
    persistedItems,
    producerRunId: producerRun?.id ?? null,
    wasEmptyCapture: persistedItems === 0 && recordedCounts.length > 0 && recordedCounts.every((count) => count === 0),
  };
  const complete = (rule: LegacyRule): LegacyClassification => ({
    rule,
    lifecycleState: 'complete',
    completedAt: producerRun?.completedAt ?? evidence.capturedAt,
    failedAt: null,
    completionMeta: { ...meta, finalizationReasonCode: REASONS[rule] },
  });
  const incomplete = (rule: LegacyRule): LegacyClassification => ({
    rule,
    lifecycleState: 'incomplete',
    completedAt: null,
    failedAt: evidence.updatedAt,
    completionMeta: { ...meta, finalizationReasonCode: REASONS[rule] },
  });

  const countsDisagree = recordedCounts.some((count) => count !== persistedItems);
  const runFailed = producerRun !== null && !producerSucceeded;
  if (countsDisagree || runFailed) return incomplete('contradictory');
  if (expectedItems !== null && expectedItems === persistedItems) return complete('count_proof');
  if (producerSucceeded && producerRun!.itemsCaptured !== null && producerRun!.itemsCaptured === persistedItems) return complete('producer_run_proof');
  if (producerSucceeded && persistedItems === 0 && recordedCounts.includes(0)) return complete('empty_capture_proof');
  if (expectedItems !== null || producerRun !== null) return incomplete('contradictory');
  return incomplete('no_proof');
}
