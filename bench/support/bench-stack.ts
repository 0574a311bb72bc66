import type { EntityManager } from '@mikro-orm/postgresql';
import { loadConfig } from '../../src/app/config.js';
import type { AppConfig } from '../../src/platform/config.js';
import { migrate, type Orm } from '../../src/platform/db/orm.js';
import { openOrm } from '../../src/app/orm.js';
import { newId } from '../../src/platform/ids.js';
import { TenantSchema } from '../../src/modules/tenants/entities/tenant.js';
import { UserSchema } from '../../src/modules/workspaces/entities/user.js';
import { WorkspaceSchema } from '../../src/modules/workspaces/entities/workspace.js';
import { connectRedis, type RedisConnections } from '../../src/platform/redis/redis-connections.js';
import { createRuntime } from '../../src/app/runtime.js';
import { type Runtime } from '../../src/platform/runtime.js';
import { databaseUrl, dropDatabase, REDIS_URL, uniqueName, withAdminClient } from '../../tests/support/services.js';
import { TEST_JWT_SECRET } from '../../tests/support/test-config.js';
import { Closers } from './closers.js';

/**
 * The API side of a benchmark: a freshly migrated database and a Redis key prefix of its own,
 * with the ORM, Redis connection and runtime an API process would hold. `close()` deletes both.
 */
export interface BenchStack {
  databaseUrl: string;
  /** The environment settings the stack was opened with. */
  env: Record<string, string>;
  /** The environment of a child API or worker process on this stack's database and Redis prefix (those settings included). */
  childEnv: Record<string, string>;
  config: AppConfig;
  orm: Orm;
  redis: RedisConnections;
  runtime: Runtime;
  /** The stack's configuration with extra environment settings (e.g. WORKER_CONCURRENCY). */
  configWith(env: Record<string, string>): AppConfig;
  close(): Promise<void>;
}

export interface WorkspaceFixture {
  workspaceId: string;
  tenantId: string;
  userId: string;
}

export async function openBenchStack(env: Record<string, string> = {}): Promise<BenchStack> {
  const name = uniqueName('tg_bench');
  const url = databaseUrl(name);
  const prefix = uniqueName('tgbench');
  const configWith = (extra: Record<string, string>) =>
    loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url, REDIS_URL, REDIS_PREFIX: prefix, JWT_SECRET: TEST_JWT_SECRET, ...env, ...extra });
  const config = configWith({});
  await withAdminClient((client) => client.query(`create database "${name}"`));
  // Every cleanup runs even when an earlier one fails, so the database and keys never outlive the run.
  const cleanups = new Closers();
  cleanups.push(() => dropDatabase(name));
  const close = () => cleanups.closeAll();
  try {
    const orm = await openOrm(url, config.database.poolMax);
    cleanups.push(() => orm.close());
    await migrate(orm);
    const redis = await connectRedis(config.redis.url, prefix);
    cleanups.push(() => redis.close());
    cleanups.push(() => deleteKeys(redis, `${prefix}:*`));
    const runtime = createRuntime(config, orm, redis);
    cleanups.push(() => runtime.close());
    const childEnv = {
      ...env,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.CHILD_LOG_LEVEL ?? 'warn',
      DATABASE_URL: url,
      REDIS_URL: config.redis.url,
      REDIS_PREFIX: prefix,
      JWT_SECRET: TEST_JWT_SECRET,
    };
    return { databaseUrl: url, env, childEnv, config, orm, redis, runtime, configWith, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A workspace with one tenant and one user to initiate runs (so runs notify, as user-launched runs do). */
export async function createWorkspaceFixture(em: EntityManager): Promise<WorkspaceFixture> {
  const fixture = { workspaceId: newId(), tenantId: newId(), userId: newId() };
  em.create(WorkspaceSchema, { id: fixture.workspaceId, name: 'Bench workspace' });
  em.create(TenantSchema, { id: fixture.tenantId, workspace: fixture.workspaceId, name: 'Bench tenant', externalTenantId: `${fixture.tenantId}.bench` });
  em.create(UserSchema, { id: fixture.userId, email: `bench-${fixture.userId}@example.test`, displayName: 'Bench user' });
  await em.flush();
  return fixture;
}

async function deleteKeys(redis: RedisConnections, pattern: string): Promise<void> {
  const keys: string[] = [];
  for await (const batch of redis.commands.scanIterator({ MATCH: pattern, COUNT: 1000 })) keys.push(...batch);
  for (let index = 0; index < keys.length; index += 1000) await redis.commands.del(keys.slice(index, index + 1000));
}
