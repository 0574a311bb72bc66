import { describe, expect, it } from 'vitest';
import { classifyLegacySnapshot, type LegacyRule, type LegacySnapshotEvidence } from '../../../../src/modules/baselines/domain/legacy-snapshot-classifier.js';
import { REASONS } from '../../../../src/app/reasons.js';
import { CAPTURED_AT, legacyEvidence, producerRun, RUN_COMPLETED_AT, RUN_ID, UPDATED_AT } from '../../../support/legacy-evidence.js';

const REASON: Record<LegacyRule, string> = {
  count_proof: 'baseline.snapshot.legacy_count_proof',
  producer_run_proof: 'baseline.snapshot.legacy_producer_run_proof',
  empty_capture_proof: 'baseline.snapshot.legacy_empty_capture_proof',
  contradictory: 'baseline.snapshot.legacy_contradictory',
  no_proof: 'baseline.snapshot.legacy_no_proof',
};

describe('decision table row 1: count proof', () => {
  it('recorded total_items equal to the persisted count proves the snapshot complete, completed when it was captured', () => {
    expect(classifyLegacySnapshot(legacyEvidence({ expectedItems: 10, persistedItems: 10 }))).toEqual({
      rule: 'count_proof',
      lifecycleState: 'complete',
      completedAt: CAPTURED_AT,
      failedAt: null,
      completionMeta: { expectedItems: 10, persistedItems: 10, producerRunId: null, wasEmptyCapture: false, finalizationReasonCode: REASON.count_proof },
    });
  });

  it('wins over row 2 when a succeeded producer run agrees too; the run supplies the completion time and the link', () => {
    const result = classifyLegacySnapshot(legacyEvidence({ expectedItems: 10, persistedItems: 10, producerRun: producerRun({ itemsCaptured: 10 }) }));
    expect(result).toMatchObject({ rule: 'count_proof', lifecycleState: 'complete', completedAt: RUN_COMPLETED_AT });
    expect(result.completionMeta).toMatchObject({ producerRunId: RUN_ID, finalizationReasonCode: REASON.count_proof });
  });

  it('recorded zero expected items with nothing persisted is explicit proof of an empty snapshot', () => {
    const result = classifyLegacySnapshot(legacyEvidence({ expectedItems: 0, persistedItems: 0 }));
    expect(result).toMatchObject({ rule: 'count_proof', lifecycleState: 'complete' });
    expect(result.completionMeta).toMatchObject({ expectedItems: 0, persistedItems: 0, wasEmptyCapture: true });
  });
});

describe('decision table row 2: producing-run success proof', () => {
  it('a succeeded run whose captured count equals the persisted count proves completion without summary metadata', () => {
    expect(classifyLegacySnapshot(legacyEvidence({ persistedItems: 8, producerRun: producerRun({ itemsCaptured: 8 }) }))).toEqual({
      rule: 'producer_run_proof',
      lifecycleState: 'complete',
      completedAt: RUN_COMPLETED_AT,
      failedAt: null,
      completionMeta: { expectedItems: 8, persistedItems: 8, producerRunId: RUN_ID, wasEmptyCapture: false, finalizationReasonCode: REASON.producer_run_proof },
    });
  });

  it('a partially succeeded run still finalized its capture and proves completion when the counts reconcile', () => {
    const result = classifyLegacySnapshot(
      legacyEvidence({ persistedItems: 8, producerRun: producerRun({ outcome: 'partially_succeeded', itemsCaptured: 8 }) }),
    );
    expect(result).toMatchObject({ rule: 'producer_run_proof', lifecycleState: 'complete' });
  });

  it('falls back to the capture time when the run recorded no completion time', () => {
    const result = classifyLegacySnapshot(legacyEvidence({ persistedItems: 8, producerRun: producerRun({ itemsCaptured: 8, completedAt: null }) }));
    expect(result).toMatchObject({ rule: 'producer_run_proof', completedAt: CAPTURED_AT });
  });

  it('run success alone is insufficient: without a recorded count the snapshot stays incomplete', () => {
    const result = classifyLegacySnapshot(legacyEvidence({ persistedItems: 8, producerRun: producerRun() }));
    expect(result).toMatchObject({ rule: 'contradictory', lifecycleState: 'incomplete', completedAt: null, failedAt: UPDATED_AT });
    expect(result.completionMeta).toMatchObject({ expectedItems: null, persistedItems: 8, producerRunId: RUN_ID });
  });

  it('a subjects total is scope evidence, not an expected item count: it cannot prove a non-empty snapshot complete', () => {
    const result = classifyLegacySnapshot(legacyEvidence({ persistedItems: 5, producerRun: producerRun({ subjectsTotal: 5 }) }));
    expect(result).toMatchObject({ rule: 'contradictory', lifecycleState: 'incomplete' });
  });
});

describe('decision table row 3: proven empty capture', () => {
  it('a succeeded run whose scope held zero subjects proves an empty snapshot complete', () => {
    expect(classifyLegacySnapshot(legacyEvidence({ persistedItems: 0, producerRun: producerRun({ subjectsTotal: 0 }) }))).toEqual({
      rule: 'empty_capture_proof',
      lifecycleState: 'complete',
      completedAt: RUN_COMPLETED_AT,
      failedAt: null,
      completionMeta: { expectedItems: 0, persistedItems: 0, producerRunId: RUN_ID, wasEmptyCapture: true, finalizationReasonCode: REASON.empty_capture_proof },
    });
  });

  it('row 2 wins when the run recorded capturing zero items', () => {
    const result = classifyLegacySnapshot(legacyEvidence({ persistedItems: 0, producerRun: producerRun({ itemsCaptured: 0, subjectsTotal: 0 }) }));
    expect(result).toMatchObject({ rule: 'producer_run_proof', lifecycleState: 'complete' });
    expect(result.completionMeta.wasEmptyCapture).toBe(true);
  });

  it('an empty snapshot whose succeeded run recorded no counts is not proven empty', () => {
    const result = classifyLegacySnapshot(legacyEvidence({ persistedItems: 0, producerRun: producerRun() }));
    expect(result).toMatchObject({ rule: 'contradictory', lifecycleState: 'incomplete' });
    expect(result.completionMeta.wasEmptyCapture).toBe(false);
  });

  it('an empty snapshot whose run failed is not proven empty, even with zero subjects in scope', () => {
    const result = classifyLegacySnapshot(legacyEvidence({ persistedItems: 0, producerRun: producerRun({ outcome: 'failed', subjectsTotal: 0 }) }));
    expect(result).toMatchObject({ rule: 'contradictory', lifecycleState: 'incomplete' });
  });
});

describe('decision table row 4: contradictory or partial evidence', () => {
  it('summary says 10, persisted 8: incomplete since the row was last touched, with both counts kept as proof metadata', () => {
    expect(classifyLegacySnapshot(legacyEvidence({ expectedItems: 10, persistedItems: 8 }))).toEqual({
      rule: 'contradictory',
      lifecycleState: 'incomplete',
      completedAt: null,
      failedAt: UPDATED_AT,
      completionMeta: { expectedItems: 10, persistedItems: 8, producerRunId: null, wasEmptyCapture: false, finalizationReasonCode: REASON.contradictory },
    });
  });

  it('more items persisted than recorded is just as contradictory', () => {
    expect(classifyLegacySnapshot(legacyEvidence({ expectedItems: 10, persistedItems: 12 })).rule).toBe('contradictory');
  });

  it.each(['failed', 'blocked', 'pending'])('a producer run that ended %s contradicts otherwise matching counts', (outcome) => {
    const result = classifyLegacySnapshot(legacyEvidence({ expectedItems: 10, persistedItems: 10, producerRun: producerRun({ outcome, itemsCaptured: 10 }) }));
    expect(result).toMatchObject({ rule: 'contradictory', lifecycleState: 'incomplete', completedAt: null, failedAt: UPDATED_AT });
    expect(result.completionMeta).toMatchObject({ expectedItems: 10, persistedItems: 10, producerRunId: RUN_ID });
  });

  it('no tie-breaker: matching summary counts do not outvote a succeeded run that captured a different count', () => {
    const result = classifyLegacySnapshot(legacyEvidence({ expectedItems: 10, persistedItems: 10, producerRun: producerRun({ itemsCaptured: 8 }) }));
    expect(result).toMatchObject({ rule: 'contradictory', lifecycleState: 'incomplete' });
  });

  it('a run whose captured count disagrees with the persisted count is contradictory without summary metadata too', () => {
    expect(classifyLegacySnapshot(legacyEvidence({ persistedItems: 6, producerRun: producerRun({ itemsCaptured: 8 }) })).rule).toBe('contradictory');
  });

  it('a scope subject total that disagrees with the persisted count contradicts matching counts', () => {
    const result = classifyLegacySnapshot(
      legacyEvidence({ expectedItems: 10, persistedItems: 10, producerRun: producerRun({ itemsCaptured: 10, subjectsTotal: 12 }) }),
    );
    expect(result.rule).toBe('contradictory');
  });
});

describe('decision table row 5: no proof available', () => {
  it('no summary count and no producer run: incomplete, and the operator is pointed to recapture before compare', () => {
    const result = classifyLegacySnapshot(legacyEvidence({ persistedItems: 10 }));
    expect(result).toEqual({
      rule: 'no_proof',
      lifecycleState: 'incomplete',
      completedAt: null,
      failedAt: UPDATED_AT,
      completionMeta: { expectedItems: null, persistedItems: 10, producerRunId: null, wasEmptyCapture: false, finalizationReasonCode: REASON.no_proof },
    });
    expect(REASONS.describe(REASON.no_proof).nextStep).toMatch(/^Recapture the baseline/);
  });

  it('an empty snapshot without any evidence is not assumed empty by design', () => {
    expect(classifyLegacySnapshot(legacyEvidence({ persistedItems: 0 })).rule).toBe('no_proof');
  });
});

/** Every case above, for the invariants that hold across the whole table. */
const ALL_EVIDENCE: LegacySnapshotEvidence[] = [
  legacyEvidence({ expectedItems: 10, persistedItems: 10 }),
  legacyEvidence({ expectedItems: 0, persistedItems: 0 }),
  legacyEvidence({ persistedItems: 8, producerRun: producerRun({ itemsCaptured: 8 }) }),
  legacyEvidence({ persistedItems: 0, producerRun: producerRun({ subjectsTotal: 0 }) }),
  legacyEvidence({ expectedItems: 10, persistedItems: 8 }),
  legacyEvidence({ expectedItems: 10, persistedItems: 10, producerRun: producerRun({ outcome: 'failed', itemsCaptured: 10 }) }),
  legacyEvidence({ persistedItems: 8, producerRun: producerRun() }),
  legacyEvidence({ persistedItems: 10 }),
];

describe('across the table', () => {
  it.each(ALL_EVIDENCE.map((evidence) => [classifyLegacySnapshot(evidence).rule, evidence] as const))(
    "%s: a complete row has only a completion time, an incomplete row only a failure time, and both keep the persisted count and their rule's reason",
    (_rule, evidence) => {
      const result = classifyLegacySnapshot(evidence);
      if (result.lifecycleState === 'complete') {
        expect(result.completedAt).not.toBeNull();
        expect(result.failedAt).toBeNull();
      } else {
        expect(result.completedAt).toBeNull();
        expect(result.failedAt).toEqual(UPDATED_AT);
      }
      expect(result.completionMeta.persistedItems).toBe(evidence.persistedItems);
      expect(result.completionMeta.producerRunId).toBe(evidence.producerRun?.id ?? null);
      expect(result.completionMeta.finalizationReasonCode).toBe(REASON[result.rule]);
    },
  );

  it('only the three proof rules ever classify a row complete', () => {
    const rulesByState = new Map<string, Set<LegacyRule>>();
    for (const evidence of ALL_EVIDENCE) {
      const { lifecycleState, rule } = classifyLegacySnapshot(evidence);
      rulesByState.set(lifecycleState, (rulesByState.get(lifecycleState) ?? new Set()).add(rule));
    }
    expect([...rulesByState.get('complete')!].sort()).toEqual(['count_proof', 'empty_capture_proof', 'producer_run_proof']);
    expect([...rulesByState.get('incomplete')!].sort()).toEqual(['contradictory', 'no_proof']);
  });

  it.each(Object.values(REASON))('%s is explained to operators by the reason catalog', (code) => {
    expect(REASONS.isKnown(code)).toBe(true);
  });
});
