import { beforeAll, describe, expect, it } from 'vitest';
import { OperationRunSchema } from '../../../src/modules/operation-runs/entities/operation-run.js';
import { backdateRun } from '../../support/backdate-run.js';
import { cliEnvFor, runCli } from '../../support/cli-process.js';
import { FAST_LIFECYCLE } from '../../support/fast-lifecycle.js';
import type { TestApp } from '../../support/test-app.js';
import { createUnqueuedRun, findRun, launchTestRun, startAttempt } from '../../support/test-runs.js';
import { useApp } from '../../support/use-app.js';
import type { World } from '../../support/world.js';

const TEST_OPERATIONS = { TENANTGRAPH_TEST_OPERATIONS: '1' };
const HOUR = 3600;

/** Ids of the runs a reconcile table lists, in order. */
function listedRuns(stdout: string): string[] {
  return [...stdout.matchAll(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s/gm)].map((match) => match[1]!);
}

/**
 * Active runs whose creation order is fixed by backdating: the oldest first.
 * Every stale one is far past the thresholds of its type; `fresh` was just launched.
 */
async function createRuns(app: TestApp, world: World) {
  const staleQueuedA1 = await createUnqueuedRun(app, { workspaceId: world.workspaceA, tenantId: world.tenantA1 });
  await backdateRun(app, staleQueuedA1.id, 5 * HOUR);
  const staleRunningA2 = await startAttempt(app, await createUnqueuedRun(app, { workspaceId: world.workspaceA, tenantId: world.tenantA2 }, 'baseline_capture'));
  await backdateRun(app, staleRunningA2.id, 4 * HOUR);
  const staleQueuedB1 = await createUnqueuedRun(app, { workspaceId: world.workspaceB, tenantId: world.tenantB1 });
  await backdateRun(app, staleQueuedB1.id, 3 * HOUR);
  const staleWorkspaceLevel = await createUnqueuedRun(app, { workspaceId: world.workspaceA, tenantId: null });
  await backdateRun(app, staleWorkspaceLevel.id, 2 * HOUR);
  const fresh = await launchTestRun(app, { workspaceId: world.workspaceA, tenantId: world.tenantA1 });
  return { staleQueuedA1, staleRunningA2, staleQueuedB1, staleWorkspaceLevel, fresh };
}

describe('npm run cli -- lifecycle:validate', () => {
  it('prints the policy table and "Verdict: valid" and exits 0 for the shipped policy', async () => {
    const result = await runCli(['lifecycle:validate'], TEST_OPERATIONS);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^type\s+queued stale\s+running stale\s+job timeout\s+expected max\s+retries\s+direct bridge\s+scheduled reconcile\s+handler$/m,
    );
    expect(result.stdout).toMatch(/^baseline_capture\s+600s\s+1800s\s+360s\s+300s\s+0\s+yes\s+yes\s+/m);
    expect(result.stdout).toMatch(/^test\.noop\s+300s\s+600s\s+60s\s+30s\s+0\s+yes\s+yes\s+registered$/m);
    expect(result.stdout).toContain('An executing run whose job is gone from the queue counts as lost after 90s without a heartbeat.');
    expect(result.stdout).toContain('A stopping worker lets attempts finish for 360s (shutdown drain), then hands them back to the queue.');
    expect(result.stdout).toContain('Verdict: valid.');
  });

  it('exits 1 and names the type and the violated invariant when an override misaligns the timing', async () => {
    const result = await runCli(['lifecycle:validate'], { ...FAST_LIFECYCLE, LIFECYCLE_TEST_NOOP_RUNNING_STALE_SECONDS: '3' });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^test\.noop\s+4s\s+3s\s+2s\s+1s\s+/m);
    expect(result.stdout).toContain('Verdict: INVALID (1 violation(s)); the worker will refuse to start:');
    expect(result.stdout).toContain(
      '  - [test.noop] running-stale threshold 3s must exceed job timeout 2s + stall detection window 3s + safety margin 1s = 6s.',
    );
  });
});

describe('npm run cli -- lifecycle:validate covers inventory sync', () => {
  it('lists inventory_sync with its handler and the scheduler settings, and fails when the backoff budget does not fit the job timeout', async () => {
    const valid = await runCli(['lifecycle:validate']);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/^inventory_sync\s+300s\s+1200s\s+300s\s+240s\s+1\s+yes\s+yes\s+registered$/m);
    expect(valid.stdout).toContain('Inventory sync: scheduled syncs started every 60s (at most 50 per pass), backoff budget 120s per sync.');

    const invalid = await runCli(['lifecycle:validate'], { INVENTORY_SYNC_MAX_BACKOFF_SECONDS: '300' });
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain(
      '  - [inventory_sync] backoff budget 300s (INVENTORY_SYNC_MAX_BACKOFF_SECONDS) must be below the job timeout 300s, so a throttled sync ends with its throttling reason.',
    );
  });
});

describe('npm run cli -- operation-runs:reconcile --dry-run', () => {
  const suite = useApp({ env: TEST_OPERATIONS });
  let runs: Awaited<ReturnType<typeof createRuns>>;
  const reconcile = (...args: string[]) => runCli(['operation-runs:reconcile', '--dry-run', ...args], { ...TEST_OPERATIONS, ...cliEnvFor(suite.app.config) });

  beforeAll(async () => {
    runs = await createRuns(suite.app, suite.world);
  });

  it('lists every stale run it would fail, counts them as not reconciled, and changes nothing', async () => {
    const result = await reconcile();

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^run\s+type\s+before\s+reason\s+applied$/m);
    expect(listedRuns(result.stdout)).toEqual([runs.staleQueuedA1.id, runs.staleRunningA2.id, runs.staleQueuedB1.id, runs.staleWorkspaceLevel.id]);
    expect(result.stdout).toMatch(new RegExp(`^${runs.staleRunningA2.id}\\s+baseline_capture\\s+running/likely_stale\\s+run\\.stale_running\\s+no$`, 'm'));
    expect(result.stdout).toContain('Inspected 5 run(s); reconciled 0; skipped 1.\nDry run: nothing was changed; 4 run(s) would be reconciled.\n');
    expect(await suite.app.em().count(OperationRunSchema, { status: { $ne: 'completed' } })).toBe(5);
  });

  it('--type limits the pass to one operation type', async () => {
    const result = await reconcile('--type', 'baseline_capture');

    expect(listedRuns(result.stdout)).toEqual([runs.staleRunningA2.id]);
    expect(result.stdout).toContain('Inspected 1 run(s); reconciled 0; skipped 0.');
  });

  it('--tenant accepts a tenant id', async () => {
    const result = await reconcile('--tenant', suite.world.tenantA1);

    expect(listedRuns(result.stdout)).toEqual([runs.staleQueuedA1.id]);
    expect(result.stdout).toContain('Inspected 2 run(s); reconciled 0; skipped 1.');
  });

  it("--tenant accepts a tenant's external id", async () => {
    const result = await reconcile('--tenant', 'charlie.example');

    expect(listedRuns(result.stdout)).toEqual([runs.staleQueuedB1.id]);
    expect(result.stdout).toContain('Inspected 1 run(s); reconciled 0; skipped 0.');
  });

  it('--workspace limits the pass to one workspace', async () => {
    const result = await reconcile('--workspace', suite.world.workspaceB);

    expect(listedRuns(result.stdout)).toEqual([runs.staleQueuedB1.id]);
    expect(result.stdout).toContain('Inspected 1 run(s); reconciled 0; skipped 0.');
  });

  it('--limit inspects only that many runs, oldest first', async () => {
    const result = await reconcile('--limit', '2');

    expect(listedRuns(result.stdout)).toEqual([runs.staleQueuedA1.id, runs.staleRunningA2.id]);
    expect(result.stdout).toContain('Inspected 2 run(s); reconciled 0; skipped 0.');
  });

  it.each([
    [['--workspace', 'workspace-a'], '--workspace expects a workspace id (UUID); got "workspace-a".'],
    [['--limit', '0'], '--limit must be a positive whole number; got "0".'],
    [['--tenant', 'nobody.example'], 'No tenant with id or external id "nobody.example".'],
    [['--limit', '--dry-run'], '--limit needs a value.'],
  ])('%j exits 2 with a readable message', async (args, message) => {
    const result = await reconcile(...args);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).not.toContain('Inspected');
  });
});

describe('npm run cli -- operation-runs:reconcile', () => {
  const suite = useApp({ env: TEST_OPERATIONS });
  let runs: Awaited<ReturnType<typeof createRuns>>;
  const reconcile = (...args: string[]) => runCli(['operation-runs:reconcile', ...args], { ...TEST_OPERATIONS, ...cliEnvFor(suite.app.config) });

  beforeAll(async () => {
    runs = await createRuns(suite.app, suite.world);
  });

  it('fails the stale runs it selects with reconciliation evidence, leaves fresh and unselected runs alone, and is idempotent', async () => {
    const first = await reconcile('--workspace', suite.world.workspaceA);

    expect(first.code).toBe(0);
    expect(listedRuns(first.stdout)).toEqual([runs.staleQueuedA1.id, runs.staleRunningA2.id, runs.staleWorkspaceLevel.id]);
    expect(first.stdout).toMatch(new RegExp(`^${runs.staleQueuedA1.id}\\s+test\\.noop\\s+queued/likely_stale\\s+run\\.stale_queued\\s+yes$`, 'm'));
    expect(first.stdout).toContain('Inspected 4 run(s); reconciled 3; skipped 1.\n');
    expect(first.stdout).not.toContain('Dry run');
    for (const id of [runs.staleQueuedA1.id, runs.staleRunningA2.id, runs.staleWorkspaceLevel.id]) {
      const run = await findRun(suite.app, id);
      expect(run).toMatchObject({ status: 'completed', outcome: 'failed' });
      expect(run.reconciliation).toMatchObject({ source: 'scheduled_reconciler', evidence: { trigger: 'cli' } });
    }
    expect(await findRun(suite.app, runs.fresh.id)).toMatchObject({ status: 'queued', reconciledAt: null });
    expect(await findRun(suite.app, runs.staleQueuedB1.id)).toMatchObject({ status: 'queued', reconciledAt: null });

    const second = await reconcile();

    expect(listedRuns(second.stdout)).toEqual([runs.staleQueuedB1.id]);
    expect(second.stdout).toContain('Inspected 2 run(s); reconciled 1; skipped 1.\n');

    const third = await reconcile();

    expect(listedRuns(third.stdout)).toEqual([]);
    expect(third.stdout).toBe('Inspected 1 run(s); reconciled 0; skipped 1.\n');
  });
});
