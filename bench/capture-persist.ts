/**
 * Capture persist benchmark: how fast a baseline capture persists a large inventory compared with
 * a bare COPY of the same rows, and how long comparing that many items takes.
 *
 * Setup (not timed): a fresh database and Redis prefix; a workspace with an active full-content
 * profile whose scope covers every generated policy type; N inventory items (about half a
 * kilobyte of JSON each) for the source tenant and a drifted copy for a second tenant assigned to
 * the profile (1% changed, 0.5% missing, 0.5% extra), both ingested through
 * InventoryService.report in calls of 10,000 items (the ingest rate is printed for information);
 * then `vacuum analyze inventory_items`. A CHECKPOINT precedes each timed part.
 *
 * 1. Capture: `startCapture` (BaselineStartService → runs.launch) executed by a real worker
 *    (`startWorker` with the build's registry, in this process), timed from the start call until
 *    the run's COMPLETED event is published. The run must succeed with a `complete` snapshot of N
 *    items. Phases come from the worker's SQL statements (inventory read, persist batches between
 *    snapshot creation and the proof, proof, finalize); the CPU time of this process (which
 *    runs the worker) shows how much of it is client-side work.
 * 2. Baseline, right after each capture: the very rows it persisted, exported beforehand as COPY
 *    text, COPYed with pg-copy-streams in one COPY (one transaction) into a scratch table created
 *    `like baseline_snapshot_items including all`; checked to hold the same values. Printed as
 *    rows/s and capture/COPY as a percentage (target: at least 40%).
 *    Capture and COPY are measured as R adjacent pairs (one identical profile per capture, since
 *    recapturing unchanged inventory reuses the snapshot) and the ratio is summarized by its
 *    median: on a shared machine one pair alone is too noisy to judge.
 * 3. Compare: R times `startCompare` of the drifted tenant against the first profile's snapshot
 *    through the worker, timed the same way; the drift found must equal the drift generated.
 *
 * Run: npm run bench:capture-persist [-- --items=200000]
 * Knobs (flag or environment variable, flag wins):
 *   --items / BENCH_ITEMS                  inventory items per tenant (200000)
 *   --policy-types / BENCH_POLICY_TYPES    policy types the items are spread over (8)
 *   --repeats / BENCH_REPEATS              capture/COPY pairs and compares (3)
 *   --timeout / BENCH_TIMEOUT_SECONDS      give up waiting for a run after this long (900)
 *   CAPTURE_BATCH_SIZE                     snapshot items per batch (one INSERT … SELECT and transaction) (5000)
 *   DATABASE_POOL_MAX                      pool size of each side, API and worker (10)
 *   TEST_PG_URL, TEST_REDIS_URL            the PostgreSQL admin URL and Redis (the machine's local ones)
 *   LOG_LEVEL                              log level (warn)
 * The database and Redis key prefix are deleted when the run ends (also on Ctrl-C).
 * Never part of `npm test`; the figures depend on the machine and its load.
 */
import { measureCapture, type CaptureFigures } from './capture-persist/capture.js';
import { measureCompare, type CompareFigures } from './capture-persist/compare.js';
import { ScratchCopy, type CopyBaseline } from './capture-persist/copy-baseline.js';
import { median, perSecond, print, printPhases, secs, spread } from './capture-persist/report.js';
import { createCaptureWorld } from './capture-persist/setup.js';
import { openBenchStack } from './support/bench-stack.js';
import { startBenchWorker } from './support/bench-worker.js';
import { rejectUnknownArguments, wholeKnob } from './support/bench-knobs.js';
import { expectedDrift, type Drift } from './support/synthetic-inventory.js';
import { closingOnInterrupt } from './support/closing-on-interrupt.js';

process.env.LOG_LEVEL ??= 'warn';
rejectUnknownArguments(['items', 'policy-types', 'repeats', 'timeout'], 'bench/capture-persist.ts');
const items = wholeKnob('items', 'BENCH_ITEMS', 200_000, 1);
const policyTypes = wholeKnob('policy-types', 'BENCH_POLICY_TYPES', 8, 1);
const repeats = wholeKnob('repeats', 'BENCH_REPEATS', 3, 1);
const timeoutMs = wholeKnob('timeout', 'BENCH_TIMEOUT_SECONDS', 900, 1) * 1000;
const drift: Drift = { changeEvery: 100, dropEvery: 200, extraEvery: 200 };
const expected = expectedDrift(items, drift);
const TARGET_PERCENT = 40;

let failures = 0;
const check = (ok: boolean, what: string) => {
  if (!ok) failures++;
  return ok ? `ok: ${what}` : `WRONG: ${what}`;
};
const percent = (value: number) => `${value.toFixed(1)}%`;
const rows = (value: number) => `${Math.round(value).toLocaleString('en-US')} rows/s`;

function printPair(index: number, capture: CaptureFigures, copy: CopyBaseline): void {
  const captureRate = items / capture.seconds;
  print(
    `  #${index + 1} capture ${secs(capture.seconds)} = ${rows(captureRate)}   COPY ${secs(copy.seconds)} = ${rows(copy.rowsPerSecond)}   ` +
      `capture/COPY ${percent((100 * captureRate) / copy.rowsPerSecond)}`,
  );
  print(
    `     persist batches alone ${perSecond(items, capture.copySeconds)} rows/s; CPU of this process: capture ${secs(capture.cpuSeconds)}, COPY ${secs(copy.cpuSeconds)}`,
  );
  print(
    `     ${check(capture.snapshot.state === 'complete' && capture.snapshot.items === items, `run ${capture.outcome}, snapshot ${capture.snapshot.state} with ${capture.snapshot.items}/${items} items`)}`,
  );
  print(`     ${check(copy.rows === items && copy.mismatches === 0, `COPY ${copy.rows} rows, ${copy.mismatches} differing from the snapshot`)}`);
}

function printCompare(index: number, compare: CompareFigures): void {
  const found = compare.drift;
  const exact = found.different === expected.different && found.missing === expected.missing && found.unexpected === expected.unexpected;
  print(`  #${index + 1} ${compare.subjectsCompared} subjects in ${secs(compare.seconds)} = ${perSecond(compare.subjectsCompared, compare.seconds)} rows/s`);
  print(
    `     ${check(
      exact && compare.findingsOpen === expected.different + expected.missing + expected.unexpected,
      `drift found: different ${found.different}, missing ${found.missing}, unexpected ${found.unexpected}; ${compare.findingsOpen} findings open`,
    )}`,
  );
}

const stack = await openBenchStack();
await closingOnInterrupt(
  () => stack.close(),
  async () => {
    print('tenantgraph capture persist benchmark');
    print(
      `  ${items} items over ${policyTypes} policy types, full_content; capture batch ${stack.config.baselines.captureBatchSize} rows; ` +
        `DB pool ${stack.config.database.poolMax} per side; in-process worker; ${repeats} repeat(s)`,
    );
    print();
    const world = await createCaptureWorld(stack, { items, policyTypes, profiles: repeats, drift });
    const { source, drifted } = world.ingest;
    print('setup (not part of the figures)');
    print(
      `  ingest source tenant:  ${source.items} items in ${secs(source.seconds)} = ${perSecond(source.items, source.seconds)} items/s (InventoryService.report, 10,000 per call)`,
    );
    print(`  ingest drifted tenant: ${drifted.items} items in ${secs(drifted.seconds)} = ${perSecond(drifted.items, drifted.seconds)} items/s`);
    print(`  drift generated: different ${expected.different}, missing ${expected.missing}, unexpected ${expected.unexpected}`);
    print();

    const worker = await startBenchWorker(stack, 'inprocess', {});
    const scratch = await ScratchCopy.create(stack.orm);
    try {
      print(
        'capture (startCapture → run COMPLETED event), each followed by the baseline COPY of the same rows (one COPY into a scratch table like baseline_snapshot_items)',
      );
      const captures: CaptureFigures[] = [];
      const copies: CopyBaseline[] = [];
      for (const [index, profileId] of world.profileIds.entries()) {
        captures.push(await measureCapture(stack, world, profileId, worker.orm!, timeoutMs));
        copies.push(await scratch.measure(captures[index]!.snapshot.id));
        printPair(index, captures[index]!, copies[index]!);
      }
      const ratios = captures.map((capture, index) => (100 * items) / capture.seconds / copies[index]!.rowsPerSecond);
      const batchRatios = captures.map((capture, index) => (100 * items) / capture.copySeconds / copies[index]!.rowsPerSecond);
      printPhases(captures);
      print(
        `  capture:       ${spread(
          captures.map((capture) => items / capture.seconds),
          rows,
        )}`,
      );
      print(
        `  baseline COPY: ${spread(
          copies.map((copy) => copy.rowsPerSecond),
          rows,
        )}; ${(copies[0]!.bytes / copies[0]!.rows).toFixed(0)} bytes of COPY text per row`,
      );
      print(
        `  capture/COPY:  ${spread(ratios, percent)} — target ≥ ${TARGET_PERCENT}%: ${median(ratios) >= TARGET_PERCENT ? 'met' : 'NOT met'} (by the median)`,
      );
      print(`  persist batches alone/COPY: ${spread(batchRatios, percent)}`);
      print();

      print('compare of the drifted tenant (startCompare → run COMPLETED event)');
      const compares: CompareFigures[] = [];
      for (let index = 0; index < repeats; index++) {
        compares.push(await measureCompare(stack, world, worker.orm!, timeoutMs));
        printCompare(index, compares[index]!);
      }
      printPhases(compares);
      print(
        `  compare: ${spread(
          compares.map((compare) => compare.seconds),
          secs,
        )} = ${spread(
          compares.map((compare) => compare.subjectsCompared / compare.seconds),
          rows,
        )}`,
      );
    } finally {
      await scratch.drop();
      await worker.close();
    }
  },
);
if (failures > 0) process.exitCode = 1;
