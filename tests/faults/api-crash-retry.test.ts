import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationRunSchema } from '../../src/modules/operation-runs/entities/operation-run.js';
import { buildRegistry } from '../../src/app/handlers.js';
import { startWorker, type Worker } from '../../src/modules/operation-runs/jobs/worker.js';
import { withTimeout } from '../../src/platform/with-timeout.js';
import { startApiProcess } from '../support/api-process.js';
import { createBaselineFixture, policies, replaceInventory, type BaselineFixture } from '../support/baseline-fixture.js';
import { startCapture, type CaptureStartResult } from '../support/baseline-operations.js';
import { snapshotsOf } from '../support/baseline-truth.js';
import { FAST_LIFECYCLE } from '../support/fast-lifecycle.js';
import { DrillClock, expectTerminalTruth } from './support/drill.js';
import { startFaultStack, type FaultStack } from './support/fault-stack.js';
import { ResumingRunSubscriber } from './support/resuming-subscriber.js';

const START_CAPTURE = `
  mutation StartCapture($profileId: ID!, $sourceTenantId: ID!) {
    startBaselineCapture(profileId: $profileId, sourceTenantId: $sourceTenantId) {
      __typename
      ... on CaptureStarted { created run { id type status } }
    }
  }`;

/** The queue check waits long enough that only the client's retry can give the run its job. */
const DRILL_ENV: Record<string, string> = { ...FAST_LIFECYCLE, QUEUE_CHECK_GRACE_SECONDS: '60' };

/**
 * Redis freezes (it accepts connections and never answers) while an API process handles
 * startBaselineCapture: the run commits, the mutation still answers (enqueue and publish are
 * bounded), and the process is SIGKILLed before its job ever reached the queue. The client retries
 * the same mutation on another API process: it gets the same run (`created: false`), which now has
 * its job and succeeds.
 */
describe('an API process killed between committing a run and enqueueing its job', () => {
  let stack: FaultStack;
  let worker: Worker;
  let subscriber: ResumingRunSubscriber;
  let fixture: BaselineFixture;
  let token: string;

  beforeAll(async () => {
    stack = await startFaultStack(DRILL_ENV);
    worker = await startWorker(stack.app.runtime, buildRegistry(stack.app.config));
    token = await stack.app.token(stack.world.users.managerA);
    fixture = await createBaselineFixture(stack.app, stack.world);
    await replaceInventory(stack.app, token, fixture.sourceTenantId, policies(200));
    subscriber = new ResumingRunSubscriber(() => stack.app.url, await stack.app.token(stack.world.users.ownerA), stack.world.workspaceA);
  });
  afterAll(async () => {
    stack?.redis.thaw();
    await subscriber?.close();
    await worker?.close();
    await stack?.close();
  });

  it('answers the mutation while Redis does not, and the client retry gets the same run, which then runs to success', async () => {
    const doomed = await startApiProcess(stack.app.config, DRILL_ENV);
    stack.redis.freeze();
    const answer = await withTimeout(
      doomed.gql<{ startBaselineCapture: CaptureStartResult }>(START_CAPTURE, { profileId: fixture.profileId, sourceTenantId: fixture.sourceTenantId }, token),
      60_000,
      'the mutation while Redis is frozen',
    );
    expect(answer.errors).toBeUndefined();
    const started = answer.data!.startBaselineCapture;
    expect(started).toMatchObject({ __typename: 'CaptureStarted', created: true, run: { status: 'QUEUED' } });
    const runId = started.__typename === 'CaptureStarted' ? started.run.id : '';

    const clock = new DrillClock('api-sigkill-before-enqueue', 'the API was SIGKILLed');
    clock.start();
    await doomed.kill();
    stack.redis.thaw();
    const committed = await stack.app.em().findOneOrFail(OperationRunSchema, runId);
    expect(committed.status).toBe('queued');
    expect(await stack.app.runtime.queues.jobExists('baseline_capture', committed.currentAttemptId!)).toBe(false);

    const retried = await startCapture(stack.app, token, fixture.profileId, fixture.sourceTenantId);
    expect(retried).toMatchObject({ __typename: 'CaptureStarted', created: false, run: { id: runId } });

    const run = await clock.terminal(stack.app, runId, 'run committed by the killed API, retried by the client');
    expect(run).toMatchObject({ outcome: 'succeeded', reconciledAt: null, attempt: 1 });
    expect((await snapshotsOf(stack.app, fixture.profileId)).map((snapshot) => [snapshot.producerRun, snapshot.lifecycleState])).toEqual([[runId, 'complete']]);

    await expectTerminalTruth(stack.app, stack.world.workspaceA, subscriber);
  }, 180_000);
});
