import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Orm } from '../../../../src/platform/db/orm.js';
import { openOrm } from '../../../../src/app/orm.js';
import type { TestOperationScript } from '../../../../src/modules/operation-runs/jobs/operation-contracts.js';
import { buildRegistry } from '../../../../src/app/handlers.js';
import { startWorker, type Worker } from '../../../../src/modules/operation-runs/jobs/worker.js';
import { connectRedis, type RedisConnections } from '../../../../src/platform/redis/redis-connections.js';
import { createRuntime } from '../../../../src/app/runtime.js';
import { type Runtime } from '../../../../src/platform/runtime.js';
import { auditActions, eventKinds, runTrail } from '../../../support/run-trail.js';
import type { TestApp } from '../../../support/test-app.js';
import { runRequest, waitForCompletedRun, type RunScope } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';
import { waitFor } from '../../../support/wait-for.js';

/** The budget of issue 10: one run, launch to terminal truth with every event published. */
const STATEMENTS_PER_RUN = 8;

/** A process role with connections of its own, as the API and a worker process have. */
interface Side {
  orm: Orm;
  redis: RedisConnections;
  runtime: Runtime;
  close(): Promise<void>;
}

async function openSide(app: TestApp): Promise<Side> {
  const orm = await openOrm(app.database.url, 5);
  const redis = await connectRedis(app.config.redis.url, app.config.redis.prefix);
  const runtime = createRuntime(app.config, orm, redis);
  return {
    orm,
    redis,
    runtime,
    async close() {
      await runtime.close();
      await redis.close();
      await orm.close();
    },
  };
}

/**
 * Every statement the ORMs send while `work` runs, counted as bench:run-lifecycle counts them: each
 * `query` event of the ORM's knex, so BEGIN and COMMIT count as statements too.
 */
async function statementsOf(orms: Orm[], work: () => Promise<void>): Promise<string[]> {
  const sent: string[] = [];
  const listener = (query: { sql: string }) => sent.push(query.sql.replace(/\s+/g, ' ').slice(0, 120));
  const knexes = orms.map((orm) => orm.em.getConnection().getKnex());
  for (const knex of knexes) knex.on('query', listener);
  try {
    await work();
  } finally {
    for (const knex of knexes) knex.off('query', listener);
  }
  return sent;
}

// The worker's background passes (stale watch, outbox relay, inventory sync schedule; the reconciler's first pass
// comes after the default two minutes) are not part of a run; they must not fire while one is counted.
const suite = useApp({
  env: {
    TENANTGRAPH_TEST_OPERATIONS: '1',
    STALE_WATCH_INTERVAL_SECONDS: '3600',
    OUTBOX_RELAY_INTERVAL_MS: '3600000',
    INVENTORY_SYNC_SCHEDULE_SECONDS: '3600',
  },
});
let api: Side;
let workerSide: Side;
let worker: Worker;
let scope: RunScope;

beforeAll(async () => {
  scope = { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1, initiatorId: suite.world.users.ownerA };
  api = await openSide(suite.app);
  workerSide = await openSide(suite.app);
  worker = await startWorker(workerSide.runtime, buildRegistry(suite.app.config));
});
afterAll(async () => {
  await worker?.close();
  await workerSide?.close();
  await api?.close();
});

async function everyEventPublished(runId: string): Promise<boolean> {
  const [row] = await suite.app
    .em()
    .getConnection()
    .execute<{ unpublished: string }[]>('select count(*) filter (where published_at is null) as unpublished from operation_run_events where run_id = ?', [
      runId,
    ]);
  return Number(row!.unpublished) === 0;
}

/** Launches one run through the API side's service and waits until the worker completed it and every event of it was published and marked. */
async function countOneRun(script: TestOperationScript): Promise<{ runId: string; statements: string[] }> {
  let runId = '';
  const statements = await statementsOf([api.orm, workerSide.orm], async () => {
    runId = (await api.runtime.runs.launch(runRequest(scope, script))).run.id;
    await waitForCompletedRun(suite.app, runId);
    await waitFor(async () => (await everyEventPublished(runId)) || undefined, 15_000, 20, `every event of run ${runId} published`);
  });
  return { runId, statements };
}

describe('the run lifecycle stays within its SQL budget', () => {
  it(`a run from launch to completed, with its events, audit records and notification, costs at most ${STATEMENTS_PER_RUN} statements`, async () => {
    const { runId, statements } = await countOneRun({ mode: 'succeed', steps: 0 });

    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(STATEMENTS_PER_RUN);
    const trail = await runTrail(suite.app.em(), runId);
    expect(JSON.parse(trail.row)).toMatchObject({ status: 'completed', outcome: 'succeeded' });
    expect(eventKinds(trail)).toEqual(['QUEUED', 'STARTED', 'COMPLETED', 'NOTIFICATION']);
    expect(auditActions(trail)).toEqual(['operation_run.queued', 'operation_run.completed']);
    expect(trail.notifications).toMatchObject([{ user: scope.initiatorId, kind: 'run_terminal', title: 'Diagnostic run completed' }]);
  });

  it(`a short run that reports progress, and so heartbeats, also costs at most ${STATEMENTS_PER_RUN} statements`, async () => {
    const { runId, statements } = await countOneRun({ mode: 'succeed', steps: 2, ms: 5 });

    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(STATEMENTS_PER_RUN);
    const trail = await runTrail(suite.app.em(), runId);
    expect(JSON.parse(trail.row)).toMatchObject({ status: 'completed', outcome: 'succeeded', summary_counts: { steps_done: 2, steps_total: 2 } });
    expect(eventKinds(trail)).toEqual(['QUEUED', 'STARTED', 'PROGRESS', 'COMPLETED', 'NOTIFICATION']);
  });
});
