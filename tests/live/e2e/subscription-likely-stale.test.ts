import { REASONS } from '../../../src/app/reasons.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_EVENT_KINDS } from '../../../src/outbox/kinds.js';
import { OperationRegistry } from '../../../src/modules/operation-runs/jobs/operation-registry.js';
import { startWorker } from '../../../src/modules/operation-runs/jobs/worker.js';
import { FAST_LIFECYCLE } from '../../support/fast-lifecycle.js';
import { outboxRows } from '../../support/outbox-rows.js';
import { connectSubscriber, type SubscriptionSocket } from '../../support/subscription-client.js';
import { RUN_EVENTS, type RunEventShape } from '../../support/subscription-documents.js';
import { waitForListeners } from '../../support/subscription-ready.js';
import { createUnqueuedRun, findRun, launchTestRun } from '../../support/test-runs.js';
import { useApp } from '../../support/use-app.js';
import { startChildService, type ChildService } from '../../support/worker-process.js';

/**
 * Fast timings whose job timeout leaves room to kill the worker before the attempt would time out,
 * and whose running-stale threshold still exceeds timeout + stall window + margin (6 + 3 + 1).
 */
const STALE_LIFECYCLE: Record<string, string> = {
  ...FAST_LIFECYCLE,
  LIFECYCLE_TEST_NOOP_JOB_TIMEOUT_SECONDS: '6',
  LIFECYCLE_TEST_NOOP_EXPECTED_RUNTIME_SECONDS: '5',
  LIFECYCLE_TEST_NOOP_RUNNING_STALE_SECONDS: '12',
  LIFECYCLE_TEST_NOOP_QUEUED_STALE_SECONDS: '30',
};
const RUNNING_STALE_SECONDS = Number(STALE_LIFECYCLE.LIFECYCLE_TEST_NOOP_RUNNING_STALE_SECONDS);

describe('A LIKELY_STALE event arrives for a run whose heartbeat stops, before the reconciler’s RECONCILED event, and each arrives once', () => {
  // Its worker runs the stale watch, relay and reconciler only: it consumes no queue, so nothing re-delivers the dead job.
  const suite = useApp({ worker: (app) => startWorker(app.runtime, new OperationRegistry(REASONS)), env: STALE_LIFECYCLE });
  let doomed: ChildService;
  let socket: SubscriptionSocket;

  beforeAll(async () => {
    doomed = await startChildService(suite.app.config, 'worker', STALE_LIFECYCLE);
  });
  afterAll(async () => {
    await socket?.close();
    await doomed?.stop();
  });

  it('signals LIKELY_STALE once the heartbeat of a killed worker’s run lapses, then RECONCILED, once each', async () => {
    socket = await connectSubscriber(suite.app.url, await suite.app.token(suite.world.users.ownerA));
    const feed = socket.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: suite.world.workspaceA });
    await waitForListeners(suite.app, 1);
    const run = await launchTestRun(suite.app, { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1 }, { mode: 'sleep', ms: 60_000 });

    const [queued, started] = await feed.waitForEvents(2);
    expect([queued!.kind, started!.kind]).toEqual(['QUEUED', 'STARTED']);
    await doomed.kill();
    const killedAt = Date.now();
    expect((await findRun(suite.app, run.id)).status).toBe('running');

    await feed.waitForEvents(4, (RUNNING_STALE_SECONDS + 20) * 1000);
    const staleAfterSeconds = (Date.now() - killedAt) / 1000;
    // Once RECONCILED, the run is completed and neither signal can be written again; a repeated
    // delivery would arrive before a marker event written now.
    const rows = await outboxRows(suite.app, suite.world.workspaceA, RUN_EVENT_KINDS);
    const marker = await createUnqueuedRun(suite.app, { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1 });
    const events = await feed.eventsBefore((event) => event.run.id === marker.id);

    expect(events.map((event) => [event.kind, event.run.id])).toEqual([
      ['QUEUED', run.id],
      ['STARTED', run.id],
      ['LIKELY_STALE', run.id],
      ['RECONCILED', run.id],
    ]);
    expect(events.map((event) => event.cursor)).toEqual(rows.map((row) => row.cursor));
    expect(staleAfterSeconds).toBeGreaterThanOrEqual(RUNNING_STALE_SECONDS - 2);
    const reconciled = await findRun(suite.app, run.id);
    expect(reconciled).toMatchObject({ status: 'completed', outcome: 'failed', reasonCode: 'run.stale_running' });
    expect(reconciled.reconciliation).toMatchObject({ source: 'scheduled_reconciler' });
  });
});
