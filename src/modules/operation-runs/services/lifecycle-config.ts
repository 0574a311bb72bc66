import type { LifecyclePolicy, LifecycleTiming } from '../domain/lifecycle-policy.js';

/**
 * The lifecycle policy table. Numbers for the baseline and inventory types come from the seed
 * product (spec 160 config); job timeouts sit safely above the expected runtimes. Every value can
 * be overridden from the environment, e.g. LIFECYCLE_BASELINE_CAPTURE_RUNNING_STALE_SECONDS=2400.
 */
export const DEFAULT_POLICIES: readonly LifecyclePolicy[] = [
  {
    type: 'baseline_capture',
    queuedStaleAfterSeconds: 600,
    runningStaleAfterSeconds: 1800,
    jobTimeoutSeconds: 360,
    expectedMaxRuntimeSeconds: 300,
    retries: 0,
    directFailureBridge: true,
    scheduledReconciliation: true,
  },
  {
    type: 'baseline_compare',
    queuedStaleAfterSeconds: 600,
    runningStaleAfterSeconds: 1800,
    jobTimeoutSeconds: 360,
    expectedMaxRuntimeSeconds: 300,
    retries: 1,
    directFailureBridge: true,
    scheduledReconciliation: true,
  },
  {
    type: 'inventory_sync',
    queuedStaleAfterSeconds: 300,
    runningStaleAfterSeconds: 1200,
    jobTimeoutSeconds: 300,
    expectedMaxRuntimeSeconds: 240,
    retries: 1,
    directFailureBridge: true,
    scheduledReconciliation: true,
  },
];

/**
 * A diagnostic type whose handler does what its run context asks (succeed, fail, throw, hang…).
 * Registered only when TENANTGRAPH_TEST_OPERATIONS=1, so lifecycle guarantees can be exercised
 * end to end without baseline code.
 */
export const TEST_OPERATION_POLICY: LifecyclePolicy = {
  type: 'test.noop',
  queuedStaleAfterSeconds: 300,
  runningStaleAfterSeconds: 600,
  jobTimeoutSeconds: 60,
  expectedMaxRuntimeSeconds: 30,
  retries: 0,
  directFailureBridge: true,
  scheduledReconciliation: true,
};

export const DEFAULT_TIMING: LifecycleTiming = {
  stallIntervalSeconds: 30,
  stallCheckIntervalSeconds: 15,
  safetyMarginSeconds: 30,
  reconcileIntervalSeconds: 120,
  heartbeatIntervalSeconds: 30,
};

export interface LifecycleConfig {
  policies: LifecyclePolicy[];
  timing: LifecycleTiming;
  reconcileBatchLimit: number;
  /** A queued run younger than this is not checked against the queue (its job may still be in flight). */
  queueCheckGraceSeconds: number;
  /** How often the worker looks for runs that just crossed into likely_stale. */
  staleWatchIntervalSeconds: number;
  /** Progress reports are written at most this often per run (heartbeats carry the latest counts). */
  progressThrottleMs: number;
  workerConcurrency: number;
  /**
   * How long a worker that was asked to stop lets running attempts finish before it hands them back
   * to the queue; null means the longest job timeout of the types it runs.
   */
  shutdownDrainSeconds: number | null;
  testOperations: boolean;
}

function envKey(type: string, field: string): string {
  return `LIFECYCLE_${type.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}_${field}`;
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  // Number() reads a blank value as 0, which would silently zero a threshold or the retries.
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) throw new Error(`Environment variable ${name} must be a number; got "${raw}".`);
  return value;
}

function optionalSeconds(env: NodeJS.ProcessEnv, name: string): number | null {
  if (env[name] === undefined || env[name] === '') return null;
  const value = number(env, name, 0);
  if (value < 0) throw new Error(`Environment variable ${name} must be a number of seconds >= 0; got "${env[name]}".`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new Error(`Environment variable ${name} must be true or false; got "${raw}".`);
}

function withOverrides(policy: LifecyclePolicy, env: NodeJS.ProcessEnv): LifecyclePolicy {
  const key = (field: string) => envKey(policy.type, field);
  return {
    type: policy.type,
    queuedStaleAfterSeconds: number(env, key('QUEUED_STALE_SECONDS'), policy.queuedStaleAfterSeconds),
    runningStaleAfterSeconds: number(env, key('RUNNING_STALE_SECONDS'), policy.runningStaleAfterSeconds),
    jobTimeoutSeconds: number(env, key('JOB_TIMEOUT_SECONDS'), policy.jobTimeoutSeconds),
    expectedMaxRuntimeSeconds: number(env, key('EXPECTED_RUNTIME_SECONDS'), policy.expectedMaxRuntimeSeconds),
    retries: number(env, key('RETRIES'), policy.retries),
    directFailureBridge: flag(env, key('DIRECT_FAILURE_BRIDGE'), policy.directFailureBridge),
    scheduledReconciliation: flag(env, key('SCHEDULED_RECONCILIATION'), policy.scheduledReconciliation),
  };
}

export function loadLifecycleConfig(env: NodeJS.ProcessEnv = process.env): LifecycleConfig {
  const testOperations = flag(env, 'TENANTGRAPH_TEST_OPERATIONS', false);
  const base = testOperations ? [...DEFAULT_POLICIES, TEST_OPERATION_POLICY] : DEFAULT_POLICIES;
  return {
    policies: base.map((policy) => withOverrides(policy, env)),
    timing: {
      stallIntervalSeconds: number(env, 'WORKER_STALL_INTERVAL_SECONDS', DEFAULT_TIMING.stallIntervalSeconds),
      stallCheckIntervalSeconds: number(env, 'WORKER_STALL_CHECK_SECONDS', DEFAULT_TIMING.stallCheckIntervalSeconds),
      safetyMarginSeconds: number(env, 'LIFECYCLE_SAFETY_MARGIN_SECONDS', DEFAULT_TIMING.safetyMarginSeconds),
      reconcileIntervalSeconds: number(env, 'RECONCILE_INTERVAL_SECONDS', DEFAULT_TIMING.reconcileIntervalSeconds),
      heartbeatIntervalSeconds: number(env, 'HEARTBEAT_INTERVAL_SECONDS', DEFAULT_TIMING.heartbeatIntervalSeconds),
    },
    reconcileBatchLimit: number(env, 'RECONCILE_BATCH_LIMIT', 100),
    queueCheckGraceSeconds: number(env, 'QUEUE_CHECK_GRACE_SECONDS', 30),
    staleWatchIntervalSeconds: number(env, 'STALE_WATCH_INTERVAL_SECONDS', 5),
    progressThrottleMs: number(env, 'PROGRESS_THROTTLE_MS', 500),
    workerConcurrency: number(env, 'WORKER_CONCURRENCY', 4),
    shutdownDrainSeconds: optionalSeconds(env, 'WORKER_SHUTDOWN_DRAIN_SECONDS'),
    testOperations,
  };
}

/** The drain a worker running `types` allows on shutdown: the setting, or else the longest job timeout among them. */
export function shutdownDrainSeconds(config: LifecycleConfig, types: readonly string[]): number {
  if (config.shutdownDrainSeconds !== null) return config.shutdownDrainSeconds;
  return Math.max(0, ...types.map((type) => policyFor(config, type)?.jobTimeoutSeconds ?? 0));
}

export function policyFor(config: LifecycleConfig, type: string): LifecyclePolicy | null {
  return config.policies.find((policy) => policy.type === type) ?? null;
}

declare module '../../../platform/config.js' {
  interface AppConfig {
    lifecycle: LifecycleConfig;
  }
}
