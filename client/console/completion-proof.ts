import type { SnapshotRowFragment } from '../generated/graphql.js';

/** The completion proof of a snapshot (`completionMeta` is JSON, so every field is checked). */
export interface CompletionProof {
  expected: number | null;
  persisted: number | null;
  finalizedAt: string | null;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function completionProof(meta: unknown): CompletionProof | null {
  if (typeof meta !== 'object' || meta === null) return null;
  const fields = meta as Record<string, unknown>;
  return {
    expected: numberOrNull(fields.expectedItems),
    persisted: numberOrNull(fields.persistedItems),
    finalizedAt: typeof fields.finalizedAt === 'string' ? fields.finalizedAt : null,
  };
}

/** How the proof reads for the snapshot's state: proven, failed short, or still being built. */
export function proofText(snapshot: Pick<SnapshotRowFragment, 'lifecycleState' | 'completionMeta'>): string {
  const proof = completionProof(snapshot.completionMeta);
  if (!proof || proof.expected === null) return 'No completion proof';
  const counts = `${proof.persisted ?? 0} of ${proof.expected} items persisted`;
  switch (snapshot.lifecycleState) {
    case 'COMPLETE':
      return `Proven: ${counts}`;
    case 'INCOMPLETE':
      return `Failed proof: ${counts}`;
    default:
      return `Building: ${proof.expected} items expected`;
  }
}
