import type { Orm } from '../../src/platform/db/orm.js';
import type { BenchStack } from '../support/bench-stack.js';
import { StatementTimeline, type TimedStatement } from '../support/statement-timeline.js';
import { runCompare } from './job-run.js';
import type { CaptureWorld } from './setup.js';

export interface CompareFigures {
  runId: string;
  outcome: string;
  seconds: number;
  subjectsCompared: number;
  drift: { different: number; missing: number; unexpected: number };
  findingsOpen: number;
  /** Seconds of the compare's main statements, as the worker saw them, and the rest of the run. */
  phases: [label: string, seconds: number][];
}

const DRIFT = /^\s*with joined as materialized/;
const UPSERT = /^\s*insert into findings/;
const RESOLVE = /^\s*update findings set status = 'resolved'/;

const duration = (statements: TimedStatement[]) =>
  statements.reduce((sum, statement) => sum + ((statement.answeredAt ?? Number.NaN) - statement.sentAt), 0) / 1000;

/** One compare of the drifted tenant against the profile's effective snapshot through the real job path. */
export async function measureCompare(stack: BenchStack, world: CaptureWorld, workerOrm: Orm, timeoutMs: number): Promise<CompareFigures> {
  await stack.orm.em.getConnection().execute('checkpoint');
  const timeline = new StatementTimeline(workerOrm);
  const { run, startedAt, completedAt } = await runCompare(stack, world, world.driftedTenantId, timeoutMs).finally(() => timeline.stop());
  if (run.outcome !== 'succeeded') throw new Error(`Compare run ${run.id} ended ${run.outcome} (${run.reasonCode ?? 'no reason'}); nothing to measure.`);
  const counts = run.summaryCounts;
  const seconds = (completedAt - startedAt) / 1000;
  const drift = [timeline.first(DRIFT, startedAt)];
  const upserts = timeline.statements.filter((statement) => UPSERT.test(statement.sql));
  const resolve = [timeline.first(RESOLVE, startedAt)];
  const measured: [string, number][] = [
    ['drift join (SQL)', duration(drift)],
    [`findings upsert (SQL, ${upserts.length} statement(s))`, duration(upserts)],
    ['resolve vanished findings (SQL)', duration(resolve)],
  ];
  const rest = seconds - measured.reduce((sum, [, value]) => sum + value, 0);
  return {
    runId: run.id,
    outcome: run.outcome,
    seconds,
    subjectsCompared: counts.subjects_compared ?? 0,
    drift: { different: counts.drift_different ?? 0, missing: counts.drift_missing ?? 0, unexpected: counts.drift_unexpected ?? 0 },
    findingsOpen: counts.findings_open ?? 0,
    phases: [...measured, ['launch, queue, checks, classify, commit, complete run', rest]],
  };
}
