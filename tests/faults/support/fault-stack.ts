import { startTestAppOn, type TestApp } from '../../support/test-app.js';
import { createWorld, type World } from '../../support/world.js';
import { startOwnPostgres, type OwnPostgres } from './own-postgres.js';
import { startOwnRedis, type OwnRedis } from './own-redis.js';

/** An API in this process on a PostgreSQL cluster and a redis-server of its own, which drills may stop, restart and freeze. */
export interface FaultStack {
  redis: OwnRedis;
  postgres: OwnPostgres;
  app: TestApp;
  world: World;
  close(): Promise<void>;
}

export async function startFaultStack(overrides: Record<string, string> = {}): Promise<FaultStack> {
  const [redis, postgres] = await Promise.all([startOwnRedis(), startOwnPostgres()]);
  const app = await startTestAppOn(postgres.asTestDatabase(), { REDIS_URL: redis.url, ...overrides });
  const world = await createWorld(app.em());
  return {
    redis,
    postgres,
    app,
    world,
    async close() {
      if (!redis.running()) await redis.start();
      redis.thaw();
      if (!postgres.running()) await postgres.start();
      await app.close();
      await redis.stop();
    },
  };
}
