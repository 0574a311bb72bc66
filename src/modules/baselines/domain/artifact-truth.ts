import type { RunOutcome, RunStatus } from '../../operation-runs/domain/run-states.js';
import { isConsumable, type SnapshotLifecycleState } from './snapshot-lifecycle.js';

export type ArtifactExistence = 'none' | 'created_not_usable' | 'current' | 'historical';

export interface ArtifactTruthFacts {
  existence: ArtifactExistence;
  usable: boolean;
  label: string;
  explanation: string;
}

/**
 * What a capture or compare run means for baseline truth, independent of how the run itself ended.
 * `snapshot` is the produced (capture) or consumed (compare) snapshot; `isEffective` whether it is
 * its profile's effective snapshot now.
 */
export function describeArtifactTruth(input: {
  runType: 'baseline_capture' | 'baseline_compare';
  runStatus: RunStatus;
  runOutcome: RunOutcome;
  snapshot: { lifecycleState: SnapshotLifecycleState | null | undefined } | null;
  isEffective: boolean;
}): ArtifactTruthFacts {
  const { runType, runStatus, runOutcome, snapshot, isEffective } = input;
  const capture = runType === 'baseline_capture';
  if (!snapshot) {
    if (runStatus !== 'completed')
      return { existence: 'none', usable: false, label: 'No snapshot yet', explanation: 'The run has not created a snapshot yet.' };
    const why = runOutcome === 'blocked' ? 'was blocked' : runOutcome === 'failed' ? 'failed' : 'ended';
    return {
      existence: 'none',
      usable: false,
      label: 'No snapshot produced',
      explanation: capture
        ? `The capture ${why} before any snapshot was created; nothing changed in baseline truth.`
        : `The compare ${why} without a snapshot to compare against.`,
    };
  }
  if (snapshot.lifecycleState === 'building') {
    return {
      existence: 'created_not_usable',
      usable: false,
      label: 'Snapshot building',
      explanation: 'The snapshot is still being captured and is not usable for compare yet.',
    };
  }
  if (!isConsumable(snapshot.lifecycleState)) {
    return {
      existence: 'created_not_usable',
      usable: false,
      label: 'Snapshot incomplete · not usable for compare',
      explanation: capture
        ? 'The capture created a snapshot but did not finish it; the previous complete snapshot stays the current baseline.'
        : 'The compare named a snapshot that is not complete, so no drift was computed.',
    };
  }
  if (isEffective) {
    return {
      existence: 'current',
      usable: true,
      label: 'Current baseline',
      explanation: capture
        ? 'The run produced (or reused) the profile\u2019s current baseline snapshot.'
        : 'The run compared against the profile\u2019s current baseline snapshot.',
    };
  }
  return {
    existence: 'historical',
    usable: false,
    label: 'Superseded',
    explanation: 'A newer complete snapshot has since become the current baseline; this one remains viewable as history.',
  };
}
