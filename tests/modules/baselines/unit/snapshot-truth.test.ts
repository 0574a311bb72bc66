import { describe, expect, it } from 'vitest';
import {
  artifactReasonCode,
  effectiveSnapshot,
  isSuperseded,
  latestAttemptedSnapshot,
  resolveCompareSnapshot,
  snapshotTruth,
  usabilityLabel,
} from '../../../../src/modules/baselines/domain/snapshot-truth.js';
import { PROFILE, snapshotAt } from '../../../support/snapshot-facts.js';

const older = snapshotAt('s-older', 0, 'complete');
const newer = snapshotAt('s-newer', 10, 'complete');
const building = snapshotAt('s-building', 20, 'building');
const incomplete = snapshotAt('s-incomplete', 30, 'incomplete');
const unclassified = snapshotAt('s-unclassified', 40, null);

describe('effective snapshot: the latest complete one', () => {
  it('is the most recently completed snapshot, never a newer building, incomplete or unclassified attempt', () => {
    expect(effectiveSnapshot([older, newer, building, incomplete, unclassified])).toBe(newer);
  });

  it('is ordered by completion, not capture: a capture that finished last is the effective one', () => {
    const slowButLast = snapshotAt('s-slow', 5, 'complete', { completedAt: new Date(Date.UTC(2026, 0, 1, 13)) });
    expect(effectiveSnapshot([older, newer, slowButLast])).toBe(slowButLast);
  });

  it('ranks a complete snapshot without a completion time below those with one', () => {
    const undated = snapshotAt('s-undated', 50, 'complete', { completedAt: null });
    expect(effectiveSnapshot([undated, older])).toBe(older);
  });

  it('breaks a tie in completion time by capture time, then by id', () => {
    const completedAt = new Date(Date.UTC(2026, 0, 2));
    const a = snapshotAt('s-a', 1, 'complete', { completedAt });
    const b = snapshotAt('s-b', 2, 'complete', { completedAt });
    const c = snapshotAt('s-c', 2, 'complete', { completedAt });
    expect(effectiveSnapshot([a, b])).toBe(b);
    expect(effectiveSnapshot([c, b])).toBe(c);
  });

  it('is null when no snapshot is complete', () => {
    expect(effectiveSnapshot([building, incomplete, unclassified])).toBeNull();
    expect(effectiveSnapshot([])).toBeNull();
  });
});

describe('latest attempted snapshot: the most recent capture, whatever its state', () => {
  it('is the newest capture even when it is building, incomplete or unclassified', () => {
    expect(latestAttemptedSnapshot([older, building])).toBe(building);
    expect(latestAttemptedSnapshot([incomplete, older, building])).toBe(incomplete);
    expect(latestAttemptedSnapshot([older, unclassified, newer])).toBe(unclassified);
  });

  it("leaves the caller's list in its order and is null for no snapshots", () => {
    const list = [older, building, newer];
    latestAttemptedSnapshot(list);
    expect(list).toEqual([older, building, newer]);
    expect(latestAttemptedSnapshot([])).toBeNull();
  });
});

describe('snapshot truth is derived, superseded is never stored', () => {
  it('the effective snapshot is current; an older complete one is superseded', () => {
    expect(snapshotTruth(newer, newer)).toBe('current');
    expect(snapshotTruth(older, newer)).toBe('superseded');
    expect(isSuperseded(older, newer)).toBe(true);
    expect(isSuperseded(newer, newer)).toBe(false);
  });

  it.each([
    ['building', building],
    ['incomplete', incomplete],
    ['unclassified', unclassified],
  ])('a %s snapshot is not usable and never superseded', (_state, snapshot) => {
    expect(snapshotTruth(snapshot, newer)).toBe('not_usable');
    expect(isSuperseded(snapshot, newer)).toBe(false);
  });

  it('an undefined lifecycle state is treated as unknown and not usable', () => {
    expect(snapshotTruth(snapshotAt('s-unknown', 1, undefined), newer)).toBe('not_usable');
  });
});

describe('usability label', () => {
  it.each([
    ['the effective snapshot', newer, 'Current baseline'],
    ['an older complete snapshot', older, 'Superseded'],
    ['a building snapshot', building, 'Building'],
    ['an incomplete snapshot', incomplete, 'Not usable for compare'],
    ['an unclassified snapshot', unclassified, 'Not usable for compare'],
  ])('%s reads "%s"', (_name, snapshot, label) => {
    expect(usabilityLabel(snapshot, newer)).toBe(label);
  });
});

describe('artifact reason: why a snapshot is not current baseline truth', () => {
  it('is null for the current snapshot', () => {
    expect(artifactReasonCode(newer, newer)).toBeNull();
  });

  it('names building and superseded snapshots', () => {
    expect(artifactReasonCode(building, newer)).toBe('baseline.snapshot.building');
    expect(artifactReasonCode(older, newer)).toBe('baseline.snapshot.superseded');
  });

  it('is the best reason recorded when the snapshot was finalized incomplete', () => {
    const failed = snapshotAt('s-failed', 1, 'incomplete', { finalizationReasonCode: 'baseline.snapshot.capture_failed' });
    expect(artifactReasonCode(failed, newer)).toBe('baseline.snapshot.capture_failed');
  });

  it('falls back to the generic incomplete reason when none (or only blanks) was recorded, for unclassified rows too', () => {
    expect(artifactReasonCode(incomplete, newer)).toBe('baseline.snapshot.incomplete');
    expect(artifactReasonCode(snapshotAt('s-blank', 1, 'incomplete', { finalizationReasonCode: '  ' }), newer)).toBe('baseline.snapshot.incomplete');
    expect(artifactReasonCode(unclassified, null)).toBe('baseline.snapshot.incomplete');
  });
});

describe('compare input: only the current effective snapshot may be consumed', () => {
  const resolve = (explicit: Parameters<typeof resolveCompareSnapshot>[0]['explicit'], effective = newer, latestAttempted = effective) =>
    resolveCompareSnapshot({ profile: PROFILE, explicit, effective, latestAttempted });

  it('without a selection, compare uses the effective snapshot even while a newer attempt is building or incomplete', () => {
    expect(resolve(null, newer, building)).toEqual({ ok: true, snapshot: newer, reasonCode: null });
    expect(resolve(null, newer, incomplete)).toEqual({ ok: true, snapshot: newer, reasonCode: null });
  });

  it('an explicit selection of the effective snapshot is accepted', () => {
    expect(resolve(newer)).toEqual({ ok: true, snapshot: newer, reasonCode: null });
  });

  it.each([
    ['a building snapshot', building, 'baseline.compare.snapshot_building'],
    ['an incomplete snapshot', incomplete, 'baseline.compare.snapshot_incomplete'],
    ['an unclassified snapshot', unclassified, 'baseline.compare.no_consumable_snapshot'],
    ['a superseded complete snapshot', older, 'baseline.compare.snapshot_superseded'],
    ['a snapshot of another profile', snapshotAt('s-other', 1, 'complete', { profileId: 'profile-2' }), 'baseline.compare.invalid_snapshot'],
    ['a snapshot of another workspace', snapshotAt('s-foreign', 1, 'complete', { workspaceId: 'workspace-2' }), 'baseline.compare.invalid_snapshot'],
    ['an id that matches no snapshot', 'not_found' as const, 'baseline.compare.invalid_snapshot'],
  ])('an explicit selection of %s is refused', (_name, explicit, reasonCode) => {
    expect(resolve(explicit)).toEqual({ ok: false, snapshot: null, reasonCode });
  });

  it.each([
    ['is building', building, 'baseline.compare.snapshot_building'],
    ['is incomplete', incomplete, 'baseline.compare.snapshot_incomplete'],
    ['is unclassified', unclassified, 'baseline.compare.no_consumable_snapshot'],
    ['does not exist', null, 'baseline.compare.no_consumable_snapshot'],
  ])('without a complete snapshot, compare is refused when the latest attempt %s', (_name, latestAttempted, reasonCode) => {
    expect(resolveCompareSnapshot({ profile: PROFILE, explicit: null, effective: null, latestAttempted })).toEqual({ ok: false, snapshot: null, reasonCode });
  });
});
