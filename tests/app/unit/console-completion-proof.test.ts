import { describe, expect, it } from 'vitest';
import { completionProof, proofText } from '../../../client/console/completion-proof.js';

const meta = { expectedItems: 12, persistedItems: 12, producerRunId: 'r', finalizedAt: '2026-01-01T10:00:00.000Z' };

describe("a snapshot's completion proof as the console shows it", () => {
  it('reads the counts and the time from completionMeta', () => {
    expect(completionProof(meta)).toEqual({ expected: 12, persisted: 12, finalizedAt: '2026-01-01T10:00:00.000Z' });
  });

  it('ignores fields of the wrong shape instead of showing them', () => {
    expect(completionProof({ expectedItems: '12', persistedItems: Number.NaN, finalizedAt: 5 })).toEqual({
      expected: null,
      persisted: null,
      finalizedAt: null,
    });
    expect(completionProof(null)).toBeNull();
    expect(completionProof('complete')).toBeNull();
  });

  it('says the proof passed for a complete snapshot, fell short for an incomplete one, and what is expected while building', () => {
    expect(proofText({ lifecycleState: 'COMPLETE', completionMeta: meta })).toBe('Proven: 12 of 12 items persisted');
    expect(proofText({ lifecycleState: 'INCOMPLETE', completionMeta: { expectedItems: 12, persistedItems: 5 } })).toBe('Failed proof: 5 of 12 items persisted');
    expect(proofText({ lifecycleState: 'BUILDING', completionMeta: { expectedItems: 12, persistedItems: 0 } })).toBe('Building: 12 items expected');
  });

  it('says so when there is no proof (an unclassified imported snapshot)', () => {
    expect(proofText({ lifecycleState: null, completionMeta: null })).toBe('No completion proof');
  });
});
