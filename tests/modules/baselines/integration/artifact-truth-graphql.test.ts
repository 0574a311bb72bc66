import { beforeAll, describe, expect, it } from 'vitest';
import { insertProfile, insertRun, insertSnapshot, type RunRow, type SnapshotRow } from '../../../support/baseline-rows.js';
import { useApp } from '../../../support/use-app.js';

const T0 = new Date('2026-02-10T09:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const suite = useApp();
const runs: Record<string, string> = {};
const snapshots: Record<string, string> = {};

beforeAll(async () => {
  const em = suite.app.em();
  const ws = suite.world.workspaceA;
  const profileId = await insertProfile(em, ws, 'Run detail');
  const run = (name: string, row: Omit<RunRow, 'workspaceId' | 'tenantId'>) =>
    insertRun(em, { workspaceId: ws, tenantId: suite.world.tenantA1, ...row }).then((id) => (runs[name] = id));
  const snapshot = (name: string, minute: number, row: Omit<SnapshotRow, 'workspaceId' | 'profileId' | 'capturedAt'>) =>
    insertSnapshot(em, { workspaceId: ws, profileId, capturedAt: at(minute), ...row }).then((id) => (snapshots[name] = id));

  await run('superseded', { type: 'baseline_capture', status: 'completed', completedAt: at(1) });
  await snapshot('superseded', 0, { lifecycleState: 'complete', producerRunId: runs.superseded });
  await run('current', { type: 'baseline_capture', status: 'completed', completedAt: at(11) });
  await snapshot('current', 10, { lifecycleState: 'complete', producerRunId: runs.current });
  await run('failedWithSnapshot', { type: 'baseline_capture', status: 'completed', outcome: 'failed', completedAt: at(22) });
  await snapshot('incomplete', 20, { lifecycleState: 'incomplete', producerRunId: runs.failedWithSnapshot });
  await run('failedWithoutSnapshot', { type: 'baseline_capture', status: 'completed', outcome: 'failed', completedAt: at(31) });
  await run('blockedCapture', { type: 'baseline_capture', status: 'completed', outcome: 'blocked', completedAt: at(32) });
  await run('running', { type: 'baseline_capture', status: 'running' });
  await snapshot('building', 40, { lifecycleState: 'building', producerRunId: runs.running });
  await run('queued', { type: 'baseline_capture', status: 'queued' });
  await run('reused', { type: 'baseline_capture', status: 'completed', context: { result: { snapshotId: snapshots.current } } });
  await run('compareCurrent', { type: 'baseline_compare', status: 'completed', context: { baselineSnapshotId: snapshots.current } });
  await run('compareSuperseded', { type: 'baseline_compare', status: 'completed', context: { baselineSnapshotId: snapshots.superseded } });
  await run('compareBlocked', { type: 'baseline_compare', status: 'completed', outcome: 'blocked', context: {} });
  await run('otherType', { type: 'inventory_sync', status: 'completed' });
});

async function runDetail(name: string) {
  const result = await suite.gql(
    `query($id: ID!) {
      operationRun(id: $id) {
        status outcome
        artifactTruth { artifactExistence snapshot { id } snapshotLifecycle usable label explanation }
      }
    }`,
    { id: runs[name] },
  );
  expect(result.errors).toBeUndefined();
  return result.data.operationRun;
}

describe('OperationRun.artifactTruth of capture runs: run outcome and produced artifact read separately', () => {
  it('a failed run with an incomplete snapshot shows the snapshot, incomplete and not usable', async () => {
    expect(await runDetail('failedWithSnapshot')).toEqual({
      status: 'COMPLETED',
      outcome: 'FAILED',
      artifactTruth: {
        artifactExistence: 'CREATED_NOT_USABLE',
        snapshot: { id: snapshots.incomplete },
        snapshotLifecycle: 'INCOMPLETE',
        usable: false,
        label: 'Snapshot incomplete · not usable for compare',
        explanation: 'The capture created a snapshot but did not finish it; the previous complete snapshot stays the current baseline.',
      },
    });
  });

  it('a failed run with no artifact reads differently: nothing was produced and baseline truth is unchanged', async () => {
    expect(await runDetail('failedWithoutSnapshot')).toEqual({
      status: 'COMPLETED',
      outcome: 'FAILED',
      artifactTruth: {
        artifactExistence: 'NONE',
        snapshot: null,
        snapshotLifecycle: null,
        usable: false,
        label: 'No snapshot produced',
        explanation: 'The capture failed before any snapshot was created; nothing changed in baseline truth.',
      },
    });
  });

  it('a blocked capture produced nothing', async () => {
    expect((await runDetail('blockedCapture')).artifactTruth).toMatchObject({ artifactExistence: 'NONE', label: 'No snapshot produced' });
  });

  it('a succeeded run that produced the effective snapshot reads as the current baseline', async () => {
    expect(await runDetail('current')).toMatchObject({
      outcome: 'SUCCEEDED',
      artifactTruth: {
        artifactExistence: 'CURRENT',
        snapshot: { id: snapshots.current },
        snapshotLifecycle: 'COMPLETE',
        usable: true,
        label: 'Current baseline',
      },
    });
  });

  it('a succeeded run whose snapshot a newer capture replaced reads as superseded history', async () => {
    expect(await runDetail('superseded')).toMatchObject({
      outcome: 'SUCCEEDED',
      artifactTruth: { artifactExistence: 'HISTORICAL', snapshot: { id: snapshots.superseded }, usable: false, label: 'Superseded' },
    });
  });

  it('a succeeded run that reused an identical snapshot points at it through its result', async () => {
    expect((await runDetail('reused')).artifactTruth).toMatchObject({ artifactExistence: 'CURRENT', snapshot: { id: snapshots.current } });
  });

  it('a running capture shows its building snapshot; a queued one has none yet', async () => {
    expect(await runDetail('running')).toMatchObject({
      status: 'RUNNING',
      artifactTruth: {
        artifactExistence: 'CREATED_NOT_USABLE',
        snapshot: { id: snapshots.building },
        snapshotLifecycle: 'BUILDING',
        label: 'Snapshot building',
      },
    });
    expect(await runDetail('queued')).toMatchObject({ status: 'QUEUED', artifactTruth: { artifactExistence: 'NONE', label: 'No snapshot yet' } });
  });
});

describe('OperationRun.artifactTruth of compare runs and other runs', () => {
  it('a compare names the snapshot it consumed and whether it is still the current baseline', async () => {
    expect((await runDetail('compareCurrent')).artifactTruth).toMatchObject({
      artifactExistence: 'CURRENT',
      snapshot: { id: snapshots.current },
      explanation: 'The run compared against the profile\u2019s current baseline snapshot.',
    });
    expect((await runDetail('compareSuperseded')).artifactTruth).toMatchObject({ artifactExistence: 'HISTORICAL', snapshot: { id: snapshots.superseded } });
  });

  it('a blocked compare without a snapshot says so', async () => {
    expect((await runDetail('compareBlocked')).artifactTruth).toMatchObject({
      artifactExistence: 'NONE',
      explanation: 'The compare was blocked without a snapshot to compare against.',
    });
  });

  it('runs of other types have no artifact truth', async () => {
    expect((await runDetail('otherType')).artifactTruth).toBeNull();
  });
});
