import type { AppConfig } from './config.js';
import type { Orm } from './db/orm.js';
import { BeeQueueGateway, type QueueGateway } from './jobs/queue-gateway.js';
import type { RedisConnections } from './redis/redis-connections.js';
import { TokenVerifier } from './auth/tokens.js';
import { finalizeOrphanedCaptureSnapshots } from './services/baseline-capture-service.js';
import { EventOutbox } from './services/event-outbox.js';
import { discardStagedInventory } from './services/inventory-sync-service.js';
import { OperationRunReconciler } from './services/operation-run-reconciler.js';
import { OperationRunService } from './services/operation-run-service.js';
import { RunMetrics } from './services/run-metrics.js';

/** Long-lived, process-wide dependencies shared by HTTP requests, subscriptions and jobs. */
export interface Runtime {
  config: AppConfig;
  orm: Orm;
  redis: RedisConnections;
  tokens: TokenVerifier;
  queues: QueueGateway;
  outbox: EventOutbox;
  metrics: RunMetrics;
  runs: OperationRunService;
  reconciler: OperationRunReconciler;
  close(): Promise<void>;
}

export function createRuntime(config: AppConfig, orm: Orm, redis: RedisConnections): Runtime {
  const queues = new BeeQueueGateway(config.redis.url, config.redis.prefix, config.redis.commandTimeoutMs);
  const outbox = new EventOutbox(orm, redis, config.redis.commandTimeoutMs);
  const metrics = new RunMetrics();
  const runs = new OperationRunService({ orm, lifecycle: config.lifecycle, queues, outbox, metrics });
  runs.onTerminal('baseline_capture', finalizeOrphanedCaptureSnapshots);
  runs.onTerminal('inventory_sync', discardStagedInventory);
  runs.onAttemptReleased('baseline_capture', finalizeOrphanedCaptureSnapshots);
  runs.onAttemptReleased('inventory_sync', discardStagedInventory);
  const reconciler = new OperationRunReconciler(orm, runs, queues, config.lifecycle);
  return {
    config,
    orm,
    redis,
    tokens: new TokenVerifier(config.auth),
    queues,
    outbox,
    metrics,
    runs,
    reconciler,
    async close() {
      runs.close();
      await queues.close();
      await outbox.flush();
    },
  };
}
