import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OperationRun } from '../../src/modules/operation-runs/entities/operation-run.js';
import { holdLocks, waitForLockWaiters, type HeldLocks } from '../support/row-locks.js';
import { createUnqueuedRun, startAttempt } from '../support/test-runs.js';
import { GATEWAY_SECRET_HEADER } from '../../src/live/gateway-socket.js';
import { SubscriptionSocket, webSocketUrl } from '../support/subscription-client.js';
import { startFaultStack, type FaultStack } from './support/fault-stack.js';
import { ResumingRunSubscriber } from './support/resuming-subscriber.js';

/** A statement of the event's resolution reading the run's workspace (`run { workspace { id } }`). */
const RESOLVING_WORKSPACE = '%from "workspaces"%';
const GATEWAY_SECRET = 'drill-gateway-secret-that-is-long-enough';

/**
 * Defect 3 drill: the database fails while an event is being resolved for its subscribers. Each
 * subscriber must either get the event whole, with its cursor, or see its stream end with an error
 * it resumes from — never a result without a cursor followed by the next event. Four subscribers:
 * two identical subscriptions of one user (their execution is shared), one of another user, and
 * one on a federation gateway's socket (where the end comes as the operation's last result).
 *
 * The fault is placed exactly: a transaction of the drill's own holds the outbox horizon while the
 * run transitions (so the event is committed but not yet delivered), the workspaces table is
 * locked, and the horizon is let go — the event is delivered and its resolution waits on the lock,
 * which is where the drill kills the query, or the whole PostgreSQL cluster.
 */
describe('drill: the database fails while an event is being resolved', () => {
  let stack: FaultStack;
  let subscribers: ResumingRunSubscriber[];
  let run: OperationRun;

  beforeAll(async () => {
    stack = await startFaultStack({ GATEWAY_SECRET });
    const { app, world } = stack;
    const owner = await app.token(world.users.ownerA);
    const manager = await app.token(world.users.managerA);
    subscribers = [owner, owner, manager].map((token) => new ResumingRunSubscriber(() => app.url, token, world.workspaceA));
    subscribers.push(new ResumingRunSubscriber(() => app.url, manager, world.workspaceA, { [GATEWAY_SECRET_HEADER]: GATEWAY_SECRET }));
  });
  beforeEach(async () => {
    run = await createUnqueuedRun(stack.app, { workspaceId: stack.world.workspaceA, tenantId: stack.world.tenantA1 });
    await expectEveryStreamEqualsOutbox();
  });
  afterAll(async () => {
    await Promise.all(subscribers.map((subscriber) => subscriber.close()));
    await stack.close();
  });

  function kindsOfRun(subscriber: ResumingRunSubscriber): string[] {
    return subscriber.events.filter((event) => event.run.id === run.id).map((event) => event.kind);
  }

  function errorsInResults(subscriber: ResumingRunSubscriber): string[] {
    return subscriber.interruptions.filter((why) => why.startsWith('errors in a result'));
  }

  async function expectEveryStreamEqualsOutbox(): Promise<void> {
    for (const subscriber of subscribers) {
      const { received, outbox } = await subscriber.settledAgainstOutbox(stack.app);
      expect(received).toEqual(outbox);
    }
  }

  /** Starts the run's attempt (a STARTED event) and returns once every subscriber's resolution of it waits on a lock of the drill's. */
  async function eventBeingResolved(): Promise<{ workspaces: HeldLocks; attemptId: string }> {
    const horizon = new pg.Client({ connectionString: stack.postgres.url });
    await horizon.connect();
    await horizon.query('begin');
    await horizon.query('select pg_current_xact_id()');
    const started = await startAttempt(stack.app, run);
    const workspaces = await holdLocks(stack.postgres.url, [['lock table workspaces in access exclusive mode']]);
    await horizon.query('commit');
    await horizon.end();
    await waitForLockWaiters(stack.app, 1, RESOLVING_WORKSPACE);
    return { workspaces, attemptId: started.currentAttemptId! };
  }

  function report(what: string, since: number, after: string): void {
    console.log(
      `[drill] event-resolution (${what}): every subscriber's stream equal to the outbox ${((Date.now() - since) / 1000).toFixed(1)} s after ${after}`,
    );
  }

  it('a query that fails while an event is resolved ends each stream with EVENT_DELIVERY_FAILED; resumed, every stream equals the outbox', async () => {
    const failuresBefore = subscribers.map((subscriber) => subscriber.deliveryFailures());
    const { workspaces, attemptId } = await eventBeingResolved();

    const faultAt = Date.now();
    const killed = await stack.postgres.query<{ killed: boolean }>(
      `select pg_terminate_backend(pid) as killed from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and query ilike $1`,
      [RESOLVING_WORKSPACE],
    );
    expect(killed.length).toBeGreaterThan(0);
    await workspaces.release();
    await stack.app.runtime.runs.complete(run.id, attemptId, { outcome: 'succeeded' });

    await expectEveryStreamEqualsOutbox();
    report('query killed', faultAt, 'the fault');
    subscribers.forEach((subscriber, index) => {
      expect(subscriber.deliveryFailures() - failuresBefore[index]!).toBe(1);
      expect(errorsInResults(subscriber)).toEqual([]);
      expect(kindsOfRun(subscriber)).toEqual(['QUEUED', 'STARTED', 'COMPLETED']);
    });
  });

  it('PostgreSQL stopping while an event is resolved ends or drops each stream; resumed after it is back, every stream equals the outbox', async () => {
    const { workspaces, attemptId } = await eventBeingResolved();

    const faultAt = Date.now();
    await stack.postgres.stop();
    await workspaces.release().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await stack.postgres.start();
    const backAt = Date.now();
    await stack.app.runtime.runs.complete(run.id, attemptId, { outcome: 'succeeded' });

    await expectEveryStreamEqualsOutbox();
    report('PostgreSQL down 1 s', faultAt, 'the fault');
    report('PostgreSQL down 1 s', backAt, 'PostgreSQL accepted connections again');
    for (const subscriber of subscribers) {
      expect(errorsInResults(subscriber)).toEqual([]);
      expect(kindsOfRun(subscriber)).toEqual(['QUEUED', 'STARTED', 'COMPLETED']);
    }
  });

  it('a socket that connects while PostgreSQL is down is told to try again later (1013), not that its token is bad (4401)', async () => {
    const token = await stack.app.token(stack.world.users.ownerA);
    await stack.postgres.stop();
    try {
      const socket = new SubscriptionSocket(webSocketUrl(stack.app.url), token);
      await expect(socket.connected()).rejects.toThrow();
      expect(socket.closedWith?.code).toBe(1013);
    } finally {
      await stack.postgres.start();
    }
    const socket = new SubscriptionSocket(webSocketUrl(stack.app.url), token);
    await socket.connected();
    await socket.close();
  });
});
