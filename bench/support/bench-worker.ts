import { type Orm } from '../../src/platform/db/orm.js';
import { openOrm } from '../../src/app/orm.js';
import { buildRegistry } from '../../src/app/handlers.js';
import { startWorker } from '../../src/modules/operation-runs/jobs/worker.js';
import { connectRedis } from '../../src/platform/redis/redis-connections.js';
import { createRuntime } from '../../src/app/runtime.js';
import { startChildService } from '../../tests/support/worker-process.js';
import type { BenchStack } from './bench-stack.js';
import type { RunMetrics } from '../../src/modules/operation-runs/services/run-metrics.js';

export type WorkerMode = 'inprocess' | 'child';

export interface BenchWorker {
  /** The worker's own ORM when it runs in this process (for counting its SQL); null for a child process. */
  orm: Orm | null;
  /** The worker's run metrics when it runs in this process; null for a child process. */
  metrics: RunMetrics | null;
  close(): Promise<void>;
}

/**
 * A real worker on the stack's database and Redis prefix, with its own connections as a worker
 * process has: either in this process (`startWorker` with the build's registry) or as `src/app/main.ts worker`.
 */
export async function startBenchWorker(stack: BenchStack, mode: WorkerMode, env: Record<string, string>): Promise<BenchWorker> {
  const config = stack.configWith(env);
  if (mode === 'child') {
    const child = await startChildService(config, 'worker', { ...stack.env, ...env });
    return { orm: null, metrics: null, close: () => child.stop() };
  }
  const orm = await openOrm(stack.databaseUrl, config.database.poolMax);
  const redis = await connectRedis(config.redis.url, config.redis.prefix);
  const runtime = createRuntime(config, orm, redis);
  const worker = await startWorker(runtime, buildRegistry(config));
  return {
    orm,
    metrics: runtime.metrics,
    async close() {
      await worker.close();
      await runtime.close();
      await redis.close();
      await orm.close();
    },
  };
}
