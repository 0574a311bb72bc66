/**
 * Run lifecycle benchmark: what the full run path costs compared with the queue underneath it,
 * and how long a crashed worker leaves a run before it reaches terminal truth.
 *
 * 1. Full path, at worker concurrency 1 and 10: N `test.noop` runs (mode succeed, no steps) are
 *    launched through `runtime.runs.launch` by as many concurrent callers as the worker's
 *    concurrency, and executed by a real worker (`startWorker` with the build's registry; in this
 *    process, or `src/app/main.ts worker` as a child process). Each run goes create → queued → running
 *    → completed and writes QUEUED, STARTED, COMPLETED and NOTIFICATION outbox events. Timed from
 *    the first launch until the last COMPLETED event was published on the workspace channel;
 *    afterwards every run is checked for exactly that event trail, all published.
 * 2. Baseline, measured in the same run next to each full-path figure: N raw Bee-Queue jobs on the
 *    same Redis, same producer/worker settings and job options (`createJob(data).setId(id)
 *    .retries(0).save()`), no-op handler, same concurrency. Printed as jobs/s and the ratio.
 *    Detail lines show where the time goes: mean launch / save latency, mean running→completed,
 *    SQL statements per run on each side, the mean runs per group-committed transition statement
 *    (launches; starts and completions when the worker is in this process) and this process's CPU
 *    time per run or job.
 * 3. Crash to terminal: a worker child process is SIGKILLed while it runs a long `sleep` run; timed
 *    from the kill until the run's terminal event is published, with the second worker started
 *    after the kill (restart) or already running (standby). Printed with the worker timings and
 *    the theoretical bound, stall interval + 2 × stall check interval.
 *
 * Run: npm run bench:run-lifecycle [-- --runs=1000 --concurrency=1,10 --worker=both]
 * Knobs (flag or environment variable, flag wins):
 *   --runs / BENCH_RUNS                       runs and jobs per measurement (500)
 *   --warmup / BENCH_WARMUP                   untimed runs before each measurement (20)
 *   --concurrency / BENCH_CONCURRENCY         worker concurrencies, comma-separated (1,10)
 *   --worker / BENCH_WORKER                   full-path worker: inprocess, child or both (inprocess)
 *   --crash-repeats / BENCH_CRASH_REPEATS     samples per crash scenario, 0 skips the crash part (2)
 *   --stall / BENCH_STALL_SECONDS             crash workers' WORKER_STALL_INTERVAL_SECONDS (1)
 *   --stall-check / BENCH_STALL_CHECK_SECONDS crash workers' WORKER_STALL_CHECK_SECONDS (1)
 *   --timeout / BENCH_TIMEOUT_SECONDS         give up waiting for a measurement after this long (300)
 *   TEST_PG_URL, TEST_REDIS_URL               the PostgreSQL admin URL and Redis (the machine's local ones)
 *   DATABASE_POOL_MAX                         pool size of each side, API and worker (10)
 *   LOG_LEVEL, CHILD_LOG_LEVEL                log levels of this process and the worker children (warn)
 * Each part creates its own database and Redis key prefix and deletes both when it ends.
 * Never part of `npm test`; the figures depend on the machine and its load.
 */
import { stallDetectionWindowSeconds } from '../src/modules/operation-runs/domain/lifecycle-policy.js';
import { measureCrashToTerminal, type CrashSample } from './run-lifecycle/crash-to-terminal.js';
import { measureFullPath } from './run-lifecycle/full-path.js';
import { measureRawBeeQueue } from './run-lifecycle/raw-bee-queue.js';
import { knob, rejectUnknownArguments, wholeKnob } from './support/bench-knobs.js';
import { openBenchStack, type BenchStack } from './support/bench-stack.js';
import type { WorkerMode } from './support/bench-worker.js';
import { closingOnInterrupt } from './support/closing-on-interrupt.js';

process.env.LOG_LEVEL ??= 'warn';

/** A number of seconds, fractions allowed, of at least `min`. */
function secondsKnob(flag: string, variable: string, fallback: number, min: number): number {
  const value = Number(knob(flag, variable, String(fallback)));
  if (!Number.isFinite(value) || value < min) throw new Error(`--${flag} / ${variable} must be a number of seconds >= ${min}.`);
  return value;
}

function workerModes(): WorkerMode[] {
  const value = knob('worker', 'BENCH_WORKER', 'inprocess');
  if (value === 'both') return ['inprocess', 'child'];
  if (value === 'inprocess' || value === 'child') return [value];
  throw new Error('--worker / BENCH_WORKER must be inprocess, child or both.');
}

rejectUnknownArguments(['runs', 'warmup', 'concurrency', 'worker', 'crash-repeats', 'stall', 'stall-check', 'timeout'], 'bench/run-lifecycle.ts');
const runs = wholeKnob('runs', 'BENCH_RUNS', 500, 1);
const warmup = wholeKnob('warmup', 'BENCH_WARMUP', 20, 0);
const concurrencies = knob('concurrency', 'BENCH_CONCURRENCY', '1,10')
  .split(',')
  .map((value) => {
    const concurrency = Number(value);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency / BENCH_CONCURRENCY must list whole numbers >= 1.');
    return concurrency;
  });
const modes = workerModes();
const crashRepeats = wholeKnob('crash-repeats', 'BENCH_CRASH_REPEATS', 2, 0);
const stallSeconds = secondsKnob('stall', 'BENCH_STALL_SECONDS', 1, 0.1);
const checkSeconds = secondsKnob('stall-check', 'BENCH_STALL_CHECK_SECONDS', 1, 0.1);
const timeoutMs = wholeKnob('timeout', 'BENCH_TIMEOUT_SECONDS', 300, 1) * 1000;

const fixed = (value: number, digits = 1) => value.toFixed(digits);
const print = (line = '') => process.stdout.write(`${line}\n`);

function spread(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = Number.isInteger(middle) ? (sorted[middle - 1]! + sorted[middle]!) / 2 : sorted[Math.floor(middle)]!;
  return `min ${fixed(sorted[0]!, 2)} s, median ${fixed(median, 2)} s, max ${fixed(sorted.at(-1)!, 2)} s`;
}

function crashLine(sample: CrashSample): string {
  const boot =
    sample.secondsToSecondWorker === null ? 'second worker already running' : `second worker ready after ${fixed(sample.secondsToSecondWorker, 2)} s`;
  return (
    `  ${sample.scenario.padEnd(7)} #${sample.repeat + 1}: ${fixed(sample.secondsToTerminal, 2)} s  (${boot})  ` +
    `${sample.outcome} / ${sample.reasonCode ?? '-'}, executed ${sample.executions}×`
  );
}

/**
 * Each part gets a database and Redis prefix of its own, deleted when it ends (also on Ctrl-C).
 * The crash part must not share a queue with the throughput workers: Bee-Queue's stalled-job
 * check is throttled by one key per queue whose lifetime is the stall interval of the worker that
 * checked last, so a worker with the default 30 s interval would delay the crash workers' checks.
 */
async function withBenchStack(work: (stack: BenchStack) => Promise<void>): Promise<void> {
  const stack = await openBenchStack({ TENANTGRAPH_TEST_OPERATIONS: '1' });
  await closingOnInterrupt(
    () => stack.close(),
    () => work(stack),
  );
}

let failures = 0;
print('tenantgraph run lifecycle benchmark');
await withBenchStack(async (stack) => {
  print(`  ${runs} runs/jobs per measurement after ${warmup} untimed warm-up; callers = worker concurrency; DB pool ${stack.config.database.poolMax} per side`);
  print(`  full path: runs.launch → queued → running → completed, QUEUED/STARTED/COMPLETED/NOTIFICATION events published (test.noop succeed)`);
  print(`  baseline:  raw Bee-Queue, same Redis, same queue settings and job options, no-op handler`);
  print();
  for (const mode of modes) {
    for (const concurrency of concurrencies) {
      const options = { count: runs, warmup, concurrency, timeoutMs };
      const full = await measureFullPath(stack, mode, options);
      const raw = await measureRawBeeQueue(stack, options);
      const label = `c=${concurrency}`.padEnd(4);
      print(
        `full path (${mode === 'child' ? 'child worker' : 'in-process'}) ${label}: ${fixed(full.runsPerSecond).padStart(7)} runs/s   ` +
          `raw bee-queue ${label}: ${fixed(raw.jobsPerSecond).padStart(7)} jobs/s   (${fixed((100 * full.runsPerSecond) / raw.jobsPerSecond)}%)`,
      );
      const workerSql = full.sqlPerRun.worker === null ? '' : ` + worker ${fixed(full.sqlPerRun.worker)}`;
      print(
        `    full path: launch ${fixed(full.launchMeanMs, 2)} ms avg, running→completed ${fixed(full.startToCompleteMeanMs, 2)} ms avg, ` +
          `SQL statements/run: launch ${fixed(full.sqlPerRun.launch)}${workerSql}, CPU of this process ${fixed(full.cpuMsPerRun, 2)} ms/run`,
      );
      const perStatement = full.runsPerStatement;
      const workerBatches = perStatement.start === null ? '' : `, start ${fixed(perStatement.start)}, complete ${fixed(perStatement.complete ?? 0)}`;
      print(`    group commit: runs per statement: launch ${fixed(perStatement.launch)}${workerBatches}`);
      print(`    raw:       save ${fixed(raw.saveMeanMs, 2)} ms avg, CPU of this process ${fixed(raw.cpuMsPerJob, 2)} ms/job`);
      print(`    events ${full.check.ok ? 'ok' : 'WRONG'}: ${full.check.summary}`);
      if (!full.check.ok) failures++;
    }
  }
});

if (crashRepeats > 0) {
  await withBenchStack(async (stack) => {
    const { timing, samples } = await measureCrashToTerminal(stack, { repeats: crashRepeats, stallSeconds, checkSeconds, timeoutMs });
    print();
    print(
      `crash to terminal (worker child SIGKILLed mid-run; stall interval ${timing.stallIntervalSeconds} s, stall check every ${timing.stallCheckIntervalSeconds} s, ` +
        `heartbeat ${timing.heartbeatIntervalSeconds} s, reconcile every ${timing.reconcileIntervalSeconds} s, safety margin ${timing.safetyMarginSeconds} s)`,
    );
    print(`  theoretical bound once a worker checks for stalled jobs: stall interval + 2 × check interval = ${stallDetectionWindowSeconds(timing)} s`);
    samples.forEach((sample) => print(crashLine(sample)));
    for (const scenario of ['restart', 'standby'] as const) {
      print(`  ${scenario.padEnd(7)}: ${spread(samples.filter((sample) => sample.scenario === scenario).map((sample) => sample.secondsToTerminal))}`);
    }
    const wrong = samples.filter(
      (sample) => sample.outcome !== 'failed' || sample.reasonCode !== 'run.infrastructure_timeout_or_abandonment' || sample.executions !== 1,
    );
    if (wrong.length > 0) {
      print(`  WRONG: ${wrong.length} crashed run(s) did not end failed with run.infrastructure_timeout_or_abandonment after exactly one execution`);
      failures++;
    }
  });
}
if (failures > 0) process.exitCode = 1;
