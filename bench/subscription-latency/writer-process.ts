/**
 * Child process of bench/subscription-latency.ts: the writer, in its own process as a worker
 * would be (own ORM, Redis connection and runtime). It moves running `test.noop` runs forward with
 * progress heartbeats through OperationRunService at a fixed rate and stamps each transition's
 * commit time: the moment the transaction's COMMIT returned, taken in a thin wrapper around the
 * outbox just before it publishes to Redis. A raw Redis subscriber on the workspace channel, in
 * this same otherwise idle process, measures the floor: commit → Redis message.
 */
import type { RedisClientType } from 'redis';
import { loadConfig } from '../../src/app/config.js';
import { openOrm } from '../../src/app/orm.js';
import { connectRedis } from '../../src/platform/redis/redis-connections.js';
import { createRuntime } from '../../src/app/runtime.js';
import { workspaceChannel, type OutboxNotice } from '../../src/outbox/publisher.js';
import { countStatements } from '../support/sql-counter.js';
import { serveParent } from '../support/child-ipc.js';
import { epochNow, sleepUntil } from '../support/epoch-clock.js';

/** One progress transition: its outbox event id, the run and step it reports, and when it committed and reached Redis. */
export interface Transition {
  id: string;
  runId: string;
  step: number;
  committedAt: number;
  floorAt: number | null;
}

export interface EmitReport {
  transitions: Transition[];
  /** Transitions per second actually achieved (first to last commit). */
  perSecond: number;
  /** SQL statements the writer sent per transition. */
  statementsPerTransition: number;
}

interface ActiveRun {
  id: string;
  attemptId: string;
  step: number;
}

const config = loadConfig(process.env);
const orm = await openOrm(config.database.url!, 4);
const redis = await connectRedis(config.redis.url, config.redis.prefix);
const runtime = createRuntime(config, orm, redis);
const commits: Omit<Transition, 'floorAt'>[] = [];
const floor = new Map<string, number>();
const runs: ActiveRun[] = [];
let floorSubscriber: RedisClientType | null = null;

const publish = runtime.outbox.publish.bind(runtime.outbox);
runtime.outbox.publish = async (events) => {
  const committedAt = epochNow();
  for (const event of events) {
    if (event.kind !== 'PROGRESS') continue;
    const counts = event.payload.summaryCounts as Record<string, number>;
    commits.push({ id: String(event.id), runId: event.run, step: counts.steps_done!, committedAt });
  }
  await publish(events);
};

async function waitForFloor(ids: string[], timeoutMs: number): Promise<void> {
  const deadline = epochNow() + timeoutMs;
  while (ids.some((id) => !floor.has(id)) && epochNow() < deadline) await sleepUntil(epochNow() + 10);
}

const handlers = {
  /** Creates and starts `count` runs of the workspace, and starts the floor subscriber on its channel. */
  async prepare(args: { workspaceId: string; tenantId: string; initiatorId: string; count: number }): Promise<string[]> {
    floorSubscriber = redis.commands.duplicate();
    floorSubscriber.on('error', () => undefined);
    await floorSubscriber.connect();
    await floorSubscriber.subscribe(workspaceChannel(config.redis.prefix, args.workspaceId), (message) => {
      const at = epochNow();
      floor.set((JSON.parse(message) as OutboxNotice).id, at);
    });
    for (let index = 0; index < args.count; index++) {
      const { run } = await runtime.runs.create({
        workspaceId: args.workspaceId,
        tenantId: args.tenantId,
        initiatorId: args.initiatorId,
        type: 'test.noop',
        identity: { bench: 'subscription-latency', index },
      });
      const started = await runtime.runs.start(run.id, run.currentAttemptId!);
      if (started.kind !== 'started') throw new Error(`Run ${run.id} did not start: ${started.kind}.`);
      runs.push({ id: run.id, attemptId: run.currentAttemptId!, step: 0 });
    }
    return runs.map((run) => run.id);
  },

  /** `count` progress heartbeats, round-robin over the runs, the i-th due at start + i / perSecond. */
  async emit(args: { count: number; perSecond: number }): Promise<EmitReport> {
    const first = commits.length;
    const statements = countStatements(orm);
    const start = epochNow() + 20;
    for (let index = 0; index < args.count; index++) {
      await sleepUntil(start + (index * 1000) / args.perSecond);
      const run = runs[index % runs.length]!;
      run.step += 1;
      const result = await runtime.runs.heartbeat(run.id, run.attemptId, { steps_done: run.step, steps_total: 1_000_000 });
      if (!result.applied) throw new Error(`Heartbeat on run ${run.id} refused: ${result.reason}.`);
    }
    const statementCount = statements.stop();
    const made = commits.slice(first);
    await waitForFloor(
      made.map((commit) => commit.id),
      5_000,
    );
    const spanMs = made.length > 1 ? made.at(-1)!.committedAt - made[0]!.committedAt : 0;
    return {
      transitions: made.map((commit) => ({ ...commit, floorAt: floor.get(commit.id) ?? null })),
      perSecond: spanMs > 0 ? ((made.length - 1) * 1000) / spanMs : 0,
      statementsPerTransition: statementCount / Math.max(1, made.length),
    };
  },
};

export type WriterApi = typeof handlers;

serveParent(handlers, async () => {
  if (floorSubscriber?.isOpen) await floorSubscriber.quit().catch(() => undefined);
  await runtime.close();
  await redis.close();
  await orm.close();
});
