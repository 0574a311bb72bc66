import type { LegacySnapshotEvidence } from '../../src/modules/baselines/domain/legacy-snapshot-classifier.js';

type ProducerRunEvidence = NonNullable<LegacySnapshotEvidence['producerRun']>;

/** When the legacy row says it was captured, last touched, and when its linked run completed. */
export const CAPTURED_AT = new Date('2025-03-01T08:00:00.000Z');
export const UPDATED_AT = new Date('2025-03-01T09:30:00.000Z');
export const RUN_COMPLETED_AT = new Date('2025-03-01T08:04:00.000Z');
export const RUN_ID = '0195a1b2-0000-7000-8000-00000000c0de';

/** A legacy snapshot with no evidence at all; override what a case needs. */
export function legacyEvidence(overrides: Partial<LegacySnapshotEvidence> = {}): LegacySnapshotEvidence {
  return { expectedItems: null, persistedItems: 0, producerRun: null, capturedAt: CAPTURED_AT, updatedAt: UPDATED_AT, ...overrides };
}

/** A linked capture run that succeeded but recorded no counts; override what a case needs. */
export function producerRun(overrides: Partial<ProducerRunEvidence> = {}): ProducerRunEvidence {
  return { id: RUN_ID, outcome: 'succeeded', itemsCaptured: null, subjectsTotal: null, completedAt: RUN_COMPLETED_AT, ...overrides };
}
