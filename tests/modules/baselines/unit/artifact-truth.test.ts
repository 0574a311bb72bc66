import { describe, expect, it } from 'vitest';
import { describeArtifactTruth } from '../../../../src/modules/baselines/domain/artifact-truth.js';
import type { RunOutcome, RunStatus } from '../../../../src/modules/operation-runs/domain/run-states.js';
import type { SnapshotLifecycleState } from '../../../../src/modules/baselines/domain/snapshot-lifecycle.js';

function capture(runStatus: RunStatus, runOutcome: RunOutcome, lifecycleState?: SnapshotLifecycleState | null, isEffective = false) {
  return describeArtifactTruth({
    runType: 'baseline_capture',
    runStatus,
    runOutcome,
    snapshot: lifecycleState === undefined ? null : { lifecycleState },
    isEffective,
  });
}

function compare(runOutcome: RunOutcome, lifecycleState?: SnapshotLifecycleState | null, isEffective = false) {
  return describeArtifactTruth({
    runType: 'baseline_compare',
    runStatus: 'completed',
    runOutcome,
    snapshot: lifecycleState === undefined ? null : { lifecycleState },
    isEffective,
  });
}

describe('artifact truth of a capture run, kept apart from the run outcome', () => {
  it('a failed run with an incomplete snapshot reads differently from a failed run with no artifact', () => {
    const withSnapshot = capture('completed', 'failed', 'incomplete');
    const withoutSnapshot = capture('completed', 'failed');
    expect(withSnapshot).toEqual({
      existence: 'created_not_usable',
      usable: false,
      label: 'Snapshot incomplete · not usable for compare',
      explanation: 'The capture created a snapshot but did not finish it; the previous complete snapshot stays the current baseline.',
    });
    expect(withoutSnapshot).toEqual({
      existence: 'none',
      usable: false,
      label: 'No snapshot produced',
      explanation: 'The capture failed before any snapshot was created; nothing changed in baseline truth.',
    });
  });

  it('a blocked run says it was blocked before any snapshot was created', () => {
    expect(capture('completed', 'blocked').explanation).toBe('The capture was blocked before any snapshot was created; nothing changed in baseline truth.');
  });

  it('a run still queued or running has no snapshot yet, which is not a failure', () => {
    for (const status of ['queued', 'running'] as const) {
      expect(capture(status, 'pending')).toMatchObject({ existence: 'none', usable: false, label: 'No snapshot yet' });
    }
  });

  it('a running capture whose snapshot is building is not usable yet', () => {
    expect(capture('running', 'pending', 'building')).toMatchObject({ existence: 'created_not_usable', usable: false, label: 'Snapshot building' });
  });

  it('a succeeded run that produced the effective snapshot reads as the current baseline', () => {
    expect(capture('completed', 'succeeded', 'complete', true)).toMatchObject({ existence: 'current', usable: true, label: 'Current baseline' });
  });

  it('a succeeded run whose snapshot a newer complete one replaced reads as superseded history, not usable', () => {
    expect(capture('completed', 'succeeded', 'complete', false)).toMatchObject({ existence: 'historical', usable: false, label: 'Superseded' });
  });

  it('the snapshot decides usability, not the run: a succeeded run with an incomplete or unclassified snapshot is not usable', () => {
    expect(capture('completed', 'succeeded', 'incomplete')).toMatchObject({ existence: 'created_not_usable', usable: false });
    expect(capture('completed', 'succeeded', null)).toMatchObject({ existence: 'created_not_usable', usable: false });
  });
});

describe('artifact truth of a compare run', () => {
  it('a compare against the current baseline reads as such', () => {
    expect(compare('succeeded', 'complete', true)).toEqual({
      existence: 'current',
      usable: true,
      label: 'Current baseline',
      explanation: 'The run compared against the profile\u2019s current baseline snapshot.',
    });
  });

  it('a compare that named an incomplete snapshot computed no drift', () => {
    expect(compare('blocked', 'incomplete').explanation).toBe('The compare named a snapshot that is not complete, so no drift was computed.');
  });

  it('a compare that failed without a snapshot says so', () => {
    expect(compare('failed')).toMatchObject({
      existence: 'none',
      label: 'No snapshot produced',
      explanation: 'The compare failed without a snapshot to compare against.',
    });
  });
});
