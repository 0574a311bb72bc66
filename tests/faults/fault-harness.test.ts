import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { startOwnPostgres, type OwnPostgres } from './support/own-postgres.js';
import { startOwnRedis, type OwnRedis } from './support/own-redis.js';

describe('the fault drills own the services they break', () => {
  let redis: OwnRedis;
  let postgres: OwnPostgres;

  beforeAll(async () => {
    [redis, postgres] = await Promise.all([startOwnRedis(), startOwnPostgres()]);
  });
  afterAll(async () => {
    await redis?.stop();
    await postgres?.destroy();
  });

  it('a restarted redis-server has lost every key, like the non-persistent Redis in production', async () => {
    const client = createClient({ url: redis.url });
    await client.connect();
    await client.set('drill:key', '1');
    await client.quit();
    expect(redis.port).not.toBe(6379);

    await redis.restart();

    const after = createClient({ url: redis.url });
    await after.connect();
    expect(await after.get('drill:key')).toBeNull();
    await after.quit();
  });

  it('a frozen redis-server accepts the connection but never answers until it is thawed', async () => {
    const client = createClient({ url: redis.url, socket: { reconnectStrategy: false } });
    client.on('error', () => undefined);
    await client.connect();
    redis.freeze();
    const answered = client.ping();
    const marker = await Promise.race([answered.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))]);
    redis.thaw();
    expect(marker).toBe('waiting');
    expect(await answered).toBe('PONG');
    await client.quit();
  });

  it('a PostgreSQL blip cuts connections and keeps the migrated data', async () => {
    await postgres.query(
      `insert into users (id, email, display_name, created_at, updated_at) values (gen_random_uuid(), 'drill@example.test', 'Drill', now(), now())`,
    );
    await postgres.blip(200);
    const rows = await postgres.query<{ email: string }>(`select email from users where email = 'drill@example.test'`);
    expect(rows).toEqual([{ email: 'drill@example.test' }]);
    expect(new URL(postgres.url).port).not.toBe('5432');
  });
});

describe('a resuming subscriber measures delivery against the outbox', () => {
  it('receives exactly the outbox run events of its workspace, in order, once each', async () => {
    const { startFaultStack } = await import('./support/fault-stack.js');
    const { ResumingRunSubscriber } = await import('./support/resuming-subscriber.js');
    const { startWorker } = await import('../../src/modules/operation-runs/jobs/worker.js');
    const { buildRegistry } = await import('../../src/app/handlers.js');
    const { FAST_LIFECYCLE } = await import('../support/fast-lifecycle.js');
    const stack = await startFaultStack(FAST_LIFECYCLE);
    const worker = await startWorker(stack.app.runtime, buildRegistry(stack.app.config));
    const subscriber = new ResumingRunSubscriber(() => stack.app.url, await stack.app.token(stack.world.users.ownerA), stack.world.workspaceA);
    try {
      for (const scenario of ['one', 'two']) {
        await stack.app.runtime.runs.launch({
          workspaceId: stack.world.workspaceA,
          type: 'test.noop',
          identity: { scenario },
          context: { test: { steps: 2 } },
        });
      }
      const first = await subscriber.settledAgainstOutbox(stack.app);
      expect(first.received).toEqual(first.outbox);

      await stack.app.runtime.runs.launch({ workspaceId: stack.world.workspaceA, type: 'test.noop', identity: { scenario: 'three' }, context: { test: {} } });
      const second = await subscriber.settledAgainstOutbox(stack.app);
      expect(second.received).toEqual(second.outbox);
      expect(second.outbox.length).toBeGreaterThan(first.outbox.length);
    } finally {
      await subscriber.close();
      await worker.close();
      await stack.close();
    }
  });
});
