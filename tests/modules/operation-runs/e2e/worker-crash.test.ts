import { afterAll, describe, expect, it } from 'vitest';
import { OperationRunSchema } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { FAST_LIFECYCLE } from '../../../support/fast-lifecycle.js';
import { useApp } from '../../../support/use-app.js';
import { waitFor } from '../../../support/wait-for.js';
import { startChildService, type ChildService } from '../../../support/worker-process.js';

/** The attempt sleeps well inside its timeout, so only the crash can end it early. */
const CRASH_LIFECYCLE: Record<string, string> = {
  ...FAST_LIFECYCLE,
  LIFECYCLE_TEST_NOOP_JOB_TIMEOUT_SECONDS: '40',
  LIFECYCLE_TEST_NOOP_EXPECTED_RUNTIME_SECONDS: '30',
  LIFECYCLE_TEST_NOOP_RUNNING_STALE_SECONDS: '60',
  LIFECYCLE_TEST_NOOP_QUEUED_STALE_SECONDS: '60',
};

describe('a worker killed in the middle of a job', () => {
  const suite = useApp({ env: CRASH_LIFECYCLE });
  const children: ChildService[] = [];

  afterAll(async () => {
    await Promise.all(children.map((child) => child.stop()));
  });

  it('leaves a run that the surviving worker fails as abandoned within the stall window, without executing the job twice', async () => {
    const doomed = await startChildService(suite.app.config, 'worker', CRASH_LIFECYCLE);
    children.push(doomed);
    const { run } = await suite.app.runtime.runs.launch({
      workspaceId: suite.world.workspaceA,
      tenantId: suite.world.tenantA1,
      initiatorId: suite.world.users.ownerA,
      type: 'test.noop',
      identity: { scenario: 'crash' },
      context: { test: { mode: 'sleep', ms: 25_000 } },
    });
    const executions = `${suite.app.config.redis.prefix}:test:executions:${run.id}`;
    await waitFor(async () => (await suite.app.runtime.redis.commands.get(executions)) === '1', 20_000, 50, 'the first execution');
    const running = await suite.app.em().findOneOrFail(OperationRunSchema, { id: run.id });
    expect(running.status).toBe('running');

    await doomed.kill();
    const killedAt = Date.now();
    children.push(await startChildService(suite.app.config, 'worker', CRASH_LIFECYCLE));

    const ended = await waitFor(
      async () => {
        const current = await suite.app.em().findOne(OperationRunSchema, { id: run.id });
        return current?.status === 'completed' ? current : undefined;
      },
      40_000,
      100,
      'the run to reach terminal truth',
    );
    const secondsToTerminal = (Date.now() - killedAt) / 1000;

    expect(ended.outcome).toBe('failed');
    expect(ended.reasonCode).toBe('run.infrastructure_timeout_or_abandonment');
    expect(ended.reconciliation).toMatchObject({ source: 'failure_bridge', evidence: { kind: 'abandoned', attemptId: running.currentAttemptId } });
    // The stall check ended it (source and evidence above), not the 60 s running-stale threshold;
    // how long that took depends on the machine's load, so it is printed, not asserted.
    console.log(`[worker-crash] terminal ${secondsToTerminal.toFixed(1)} s after the kill`);
    expect(await suite.app.runtime.redis.commands.get(executions)).toBe('1');
  });
});
