import { MODULES } from './modules.js';
import { REASONS } from './reasons.js';
import type { AppConfig } from '../platform/config.js';
import type { Orm } from '../platform/db/orm.js';
import { BeeQueueGateway } from '../modules/operation-runs/jobs/queue-gateway.js';
import type { RedisConnections } from '../platform/redis/redis-connections.js';
import { EntitlementCache } from '../modules/workspaces/auth/entitlement-cache.js';
import { EntitlementStamps } from '../modules/workspaces/auth/entitlement-stamps.js';
import { RequestEntitlements } from '../modules/workspaces/auth/request-entitlements.js';
import { TokenVerifier } from '../modules/workspaces/auth/tokens.js';
import { EventOutbox } from '../outbox/publisher.js';
import type { Runtime } from '../platform/runtime.js';
import { createLoaders } from './loaders.js';
import { baselineTenantPageJoin } from '../modules/baselines/services/tenant-page-baselines.js';
import { OperationRunReconciler } from '../modules/operation-runs/services/operation-run-reconciler.js';
import { OperationRunService } from '../modules/operation-runs/services/operation-run-service.js';
import { RunMetrics } from '../modules/operation-runs/services/run-metrics.js';

export function createRuntime(config: AppConfig, orm: Orm, redis: RedisConnections): Runtime {
  const queues = new BeeQueueGateway(config.redis.url, config.redis.prefix, config.redis.commandTimeoutMs);
  const outbox = new EventOutbox(orm, redis, config.redis.commandTimeoutMs);
  const metrics = new RunMetrics();
  const runs = new OperationRunService({ orm, lifecycle: config.lifecycle, queues, outbox, metrics, reasons: REASONS });
  for (const { runHooks } of MODULES) {
    for (const [type, hook] of Object.entries(runHooks?.terminal ?? {})) runs.onTerminal(type, hook);
    for (const [type, hook] of Object.entries(runHooks?.attemptReleased ?? {})) runs.onAttemptReleased(type, hook);
  }
  const reconciler = new OperationRunReconciler(orm, runs, queues, config.lifecycle);
  const tokens = new TokenVerifier(config.auth);
  const entitlementCache = new EntitlementCache(config.entitlements.cacheTtlMs, config.entitlements.cacheMaxTokens);
  return {
    config,
    orm,
    redis,
    loaders: createLoaders,
    tenantPageJoins: [baselineTenantPageJoin],
    tokens,
    entitlements: new RequestEntitlements(tokens, new EntitlementStamps(redis, config.redis.commandTimeoutMs), entitlementCache),
    queues,
    outbox,
    metrics,
    runs,
    reconciler,
    reasons: REASONS,
    async close() {
      runs.close();
      await queues.close();
      await outbox.flush();
    },
  };
}
