import type { Orm } from '../../src/platform/db/orm.js';
import { BaselineSnapshotSchema } from '../../src/modules/baselines/entities/baseline-snapshot.js';
import type { BenchStack } from '../support/bench-stack.js';
import { startCpuMeter } from '../support/cpu-meter.js';
import { StatementTimeline } from '../support/statement-timeline.js';
import { runCapture } from './job-run.js';
import type { CaptureWorld } from './setup.js';

export interface CaptureFigures {
  runId: string;
  outcome: string;
  seconds: number;
  snapshot: { id: string; state: string; items: number };
  /** Where the seconds went, in order; they add up to `seconds`. */
  phases: [label: string, seconds: number][];
  /** Seconds spent persisting item batches (the loop between snapshot creation and the proof). */
  copySeconds: number;
  /** CPU seconds of this process, which runs the worker, during the whole capture. */
  cpuSeconds: number;
}

const READ = /from inventory_items/;
const CREATE_SNAPSHOT = /^insert into "baseline_snapshots"/;
const PROOF = /^select count\(\*\)::int as count,\s+encode\(sha256\(/;

/**
 * One capture of the source tenant for `profileId` through the real job path, timed from the start
 * call until the run's COMPLETED event arrived. The phases come from the worker's own SQL
 * statements: the persist batches are the gap between the building snapshot's insert and the
 * completion proof's read of the persisted items.
 */
export async function measureCapture(stack: BenchStack, world: CaptureWorld, profileId: string, workerOrm: Orm, timeoutMs: number): Promise<CaptureFigures> {
  await stack.orm.em.getConnection().execute('checkpoint');
  const timeline = new StatementTimeline(workerOrm);
  const cpu = startCpuMeter();
  const finished = await runCapture(stack, world, profileId, timeoutMs).finally(() => timeline.stop());
  const cpuSeconds = cpu.stopMs() / 1000;
  const { run, startedAt, completedAt } = finished;
  const result = run.context.result as { snapshotId?: string } | undefined;
  if (run.outcome !== 'succeeded' || !result?.snapshotId) {
    throw new Error(`Capture run ${run.id} ended ${run.outcome} (${run.reasonCode ?? 'no reason'}); nothing to measure.`);
  }
  const snapshot = await stack.orm.em.fork().findOneOrFail(BaselineSnapshotSchema, { id: result.snapshotId });
  const [count] = await stack.orm.em
    .getConnection()
    .execute<{ items: number }[]>('select count(*)::int as items from baseline_snapshot_items where baseline_snapshot_id = ?', [snapshot.id]);

  const read = timeline.first(READ, startedAt);
  const created = timeline.first(CREATE_SNAPSHOT, read.sentAt);
  const proof = timeline.first(PROOF, created.sentAt);
  const at = (value: number | null) => value ?? Number.NaN;
  const marks: [string, number][] = [
    ['launch, queue, job start, input checks', read.sentAt],
    ['inventory read (SQL)', at(read.answeredAt)],
    ['identity, building snapshot', at(created.answeredAt)],
    ['persist batches (INSERT … SELECT)', proof.sentAt],
    ['completion proof (identity re-derived in SQL)', at(proof.answeredAt)],
    ['finalize, complete run, publish', completedAt],
  ];
  let previous = startedAt;
  const phases = marks.map(([label, mark]): [string, number] => {
    const seconds = (mark - previous) / 1000;
    previous = mark;
    return [label, seconds];
  });
  return {
    runId: run.id,
    outcome: run.outcome,
    seconds: (completedAt - startedAt) / 1000,
    snapshot: { id: snapshot.id, state: snapshot.lifecycleState ?? 'unknown', items: count!.items },
    phases,
    copySeconds: (proof.sentAt - at(created.answeredAt)) / 1000,
    cpuSeconds,
  };
}
