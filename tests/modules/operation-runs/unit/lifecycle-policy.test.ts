import { describe, expect, it } from 'vitest';
import {
  stallDetectionWindowSeconds,
  validateLifecyclePolicies,
  type LifecyclePolicy,
  type LifecycleTiming,
} from '../../../../src/modules/operation-runs/domain/lifecycle-policy.js';
import { DEFAULT_TIMING, loadLifecycleConfig, policyFor, shutdownDrainSeconds } from '../../../../src/modules/operation-runs/services/lifecycle-config.js';
import { FAST_LIFECYCLE } from '../../../support/fast-lifecycle.js';

/** Stall window 30 + 2 × 15 = 60s, margin 30s: the slowest direct path of a 360s timeout is 450s. */
const TIMING: LifecycleTiming = {
  stallIntervalSeconds: 30,
  stallCheckIntervalSeconds: 15,
  safetyMarginSeconds: 30,
  reconcileIntervalSeconds: 120,
  heartbeatIntervalSeconds: 30,
};

function policy(overrides: Partial<LifecyclePolicy> = {}): LifecyclePolicy {
  return {
    type: 'report_export',
    queuedStaleAfterSeconds: 600,
    runningStaleAfterSeconds: 1800,
    jobTimeoutSeconds: 360,
    expectedMaxRuntimeSeconds: 300,
    retries: 1,
    directFailureBridge: true,
    scheduledReconciliation: true,
    ...overrides,
  };
}

const messages = (policies: LifecyclePolicy[], timing: LifecycleTiming = TIMING) =>
  validateLifecyclePolicies(policies, timing).map((violation) => violation.message);

describe('lifecycle policy timing invariants', () => {
  it('the default policy table satisfies every invariant', () => {
    const config = loadLifecycleConfig({});
    expect(config.policies.map((p) => p.type)).toEqual(['baseline_capture', 'baseline_compare', 'inventory_sync']);
    expect(validateLifecyclePolicies(config.policies, config.timing)).toEqual([]);
  });

  it('the default policy table with the diagnostic test operation satisfies every invariant', () => {
    const config = loadLifecycleConfig({ TENANTGRAPH_TEST_OPERATIONS: '1' });
    expect(policyFor(config, 'test.noop')).not.toBeNull();
    expect(validateLifecyclePolicies(config.policies, config.timing)).toEqual([]);
  });

  it('the second-scale test lifecycle keeps the same invariants', () => {
    const config = loadLifecycleConfig(FAST_LIFECYCLE);
    expect(validateLifecyclePolicies(config.policies, config.timing)).toEqual([]);
  });

  it('a well-aligned policy passes', () => {
    expect(messages([policy()])).toEqual([]);
  });

  it('the stall detection window is the lock window plus two stalled-job checks', () => {
    expect(stallDetectionWindowSeconds(TIMING)).toBe(60);
  });

  it('an expected runtime that reaches the job timeout is rejected, naming the type', () => {
    expect(messages([policy({ expectedMaxRuntimeSeconds: 360 })])).toEqual(['[report_export] expected runtime 360s must be below the job timeout 360s.']);
    expect(messages([policy({ expectedMaxRuntimeSeconds: 359 })])).toEqual([]);
  });

  it('a running-stale threshold within job timeout + stall window + margin is rejected, with the arithmetic', () => {
    expect(messages([policy({ runningStaleAfterSeconds: 450 })])).toEqual([
      '[report_export] running-stale threshold 450s must exceed job timeout 360s + stall detection window 60s + safety margin 30s = 450s.',
    ]);
    expect(messages([policy({ runningStaleAfterSeconds: 451 })])).toEqual([]);
  });

  it('a heartbeat that fits fewer than three times into the running-stale threshold is rejected', () => {
    expect(messages([policy()], { ...TIMING, heartbeatIntervalSeconds: 601 })).toEqual([
      '[report_export] heartbeat interval 601s must fit at least 3 times into the running-stale threshold 1800s.',
    ]);
    expect(messages([policy()], { ...TIMING, heartbeatIntervalSeconds: 600 })).toEqual([]);
  });

  it('a reconciler cadence that is not shorter than the queued-stale threshold is rejected', () => {
    expect(messages([policy()], { ...TIMING, reconcileIntervalSeconds: 600 })).toEqual([
      '[report_export] reconciler cadence 600s must be shorter than the queued-stale threshold 600s.',
    ]);
    expect(messages([policy()], { ...TIMING, reconcileIntervalSeconds: 599 })).toEqual([]);
  });

  it('a type with neither a direct failure bridge nor scheduled reconciliation is rejected', () => {
    expect(messages([policy({ directFailureBridge: false, scheduledReconciliation: false })])).toEqual([
      '[report_export] needs at least one path to terminal truth: a direct failure bridge or scheduled reconciliation.',
    ]);
    expect(messages([policy({ directFailureBridge: false })])).toEqual([]);
    expect(messages([policy({ scheduledReconciliation: false })])).toEqual([]);
  });

  it.each(['queuedStaleAfterSeconds', 'runningStaleAfterSeconds', 'jobTimeoutSeconds', 'expectedMaxRuntimeSeconds'] as const)(
    'a non-positive or non-finite %s is rejected',
    (key) => {
      for (const value of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(messages([policy({ [key]: value })])).toContain(`[report_export] ${key} must be a positive number of seconds (got ${value}).`);
      }
    },
  );

  it.each(Object.keys(TIMING) as (keyof LifecycleTiming)[])('a non-positive worker timing %s is rejected without naming a type', (key) => {
    const violations = validateLifecyclePolicies([policy()], { ...TIMING, [key]: 0 });
    expect(violations).toContainEqual({ type: null, message: `${key} must be a positive number of seconds (got 0).` });
  });

  it('negative or fractional retries are rejected; zero retries are allowed', () => {
    expect(messages([policy({ retries: -1 })])).toEqual(['[report_export] retries must be a whole number >= 0 (got -1).']);
    expect(messages([policy({ retries: 1.5 })])).toEqual(['[report_export] retries must be a whole number >= 0 (got 1.5).']);
    expect(messages([policy({ retries: 0 })])).toEqual([]);
  });

  it('reports each misaligned type separately and leaves aligned types alone', () => {
    const violations = validateLifecyclePolicies(
      [
        policy({ type: 'aligned' }),
        policy({ type: 'slow_job', expectedMaxRuntimeSeconds: 400 }),
        policy({ type: 'orphan', directFailureBridge: false, scheduledReconciliation: false }),
      ],
      TIMING,
    );
    expect(violations.map((violation) => violation.type)).toEqual(['slow_job', 'orphan']);
  });
});

describe('lifecycle policy environment overrides', () => {
  it('a per-type override changes only that type', () => {
    const defaults = loadLifecycleConfig({});
    const config = loadLifecycleConfig({ LIFECYCLE_BASELINE_CAPTURE_RUNNING_STALE_SECONDS: '2400', LIFECYCLE_INVENTORY_SYNC_RETRIES: '3' });
    expect(policyFor(config, 'baseline_capture')).toEqual({ ...policyFor(defaults, 'baseline_capture'), runningStaleAfterSeconds: 2400 });
    expect(policyFor(config, 'inventory_sync')).toEqual({ ...policyFor(defaults, 'inventory_sync'), retries: 3 });
    expect(policyFor(config, 'baseline_compare')).toEqual(policyFor(defaults, 'baseline_compare'));
  });

  it('every policy field can be overridden, with punctuation in the type name written as underscores', () => {
    const config = loadLifecycleConfig({
      TENANTGRAPH_TEST_OPERATIONS: '1',
      LIFECYCLE_TEST_NOOP_QUEUED_STALE_SECONDS: '11',
      LIFECYCLE_TEST_NOOP_RUNNING_STALE_SECONDS: '22',
      LIFECYCLE_TEST_NOOP_JOB_TIMEOUT_SECONDS: '5',
      LIFECYCLE_TEST_NOOP_EXPECTED_RUNTIME_SECONDS: '4',
      LIFECYCLE_TEST_NOOP_RETRIES: '2',
      LIFECYCLE_TEST_NOOP_DIRECT_FAILURE_BRIDGE: 'false',
      LIFECYCLE_TEST_NOOP_SCHEDULED_RECONCILIATION: 'yes',
    });
    expect(policyFor(config, 'test.noop')).toEqual({
      type: 'test.noop',
      queuedStaleAfterSeconds: 11,
      runningStaleAfterSeconds: 22,
      jobTimeoutSeconds: 5,
      expectedMaxRuntimeSeconds: 4,
      retries: 2,
      directFailureBridge: false,
      scheduledReconciliation: true,
    });
  });

  it('worker timing comes from its own variables and an empty value keeps the default', () => {
    const config = loadLifecycleConfig({ HEARTBEAT_INTERVAL_SECONDS: '10', RECONCILE_INTERVAL_SECONDS: '' });
    expect(config.timing).toEqual({ ...DEFAULT_TIMING, heartbeatIntervalSeconds: 10 });
  });

  it('an override that makes the table misaligned is caught by validation', () => {
    const config = loadLifecycleConfig({ LIFECYCLE_BASELINE_COMPARE_JOB_TIMEOUT_SECONDS: '2000' });
    expect(validateLifecyclePolicies(config.policies, config.timing).map((violation) => violation.type)).toEqual(['baseline_compare']);
  });

  it.each(['abc', '12s', ' ', '1,5'])('a numeric override that is not a number (%j) is rejected, naming the variable', (raw) => {
    expect(() => loadLifecycleConfig({ LIFECYCLE_BASELINE_CAPTURE_RETRIES: raw })).toThrow(
      `Environment variable LIFECYCLE_BASELINE_CAPTURE_RETRIES must be a number; got "${raw}".`,
    );
  });

  it('a worker timing that is not a number is rejected, naming the variable', () => {
    expect(() => loadLifecycleConfig({ WORKER_STALL_INTERVAL_SECONDS: 'thirty' })).toThrow(
      'Environment variable WORKER_STALL_INTERVAL_SECONDS must be a number; got "thirty".',
    );
  });

  it('a flag override that is not true or false is rejected, naming the variable', () => {
    expect(() => loadLifecycleConfig({ LIFECYCLE_INVENTORY_SYNC_DIRECT_FAILURE_BRIDGE: 'maybe' })).toThrow(
      'Environment variable LIFECYCLE_INVENTORY_SYNC_DIRECT_FAILURE_BRIDGE must be true or false; got "maybe".',
    );
  });

  it.each(['-5', 'soon'])('a shutdown drain that is not a number of seconds >= 0 (%j) is rejected, naming the variable', (raw) => {
    expect(() => loadLifecycleConfig({ WORKER_SHUTDOWN_DRAIN_SECONDS: raw })).toThrow(/^Environment variable WORKER_SHUTDOWN_DRAIN_SECONDS must be a number/);
  });
});

describe('the shutdown drain of a worker', () => {
  it('is by default the longest job timeout of the types it runs', () => {
    const config = loadLifecycleConfig({ LIFECYCLE_BASELINE_COMPARE_JOB_TIMEOUT_SECONDS: '500', LIFECYCLE_BASELINE_COMPARE_RUNNING_STALE_SECONDS: '2400' });
    expect(shutdownDrainSeconds(config, ['baseline_capture', 'baseline_compare'])).toBe(500);
    expect(shutdownDrainSeconds(config, ['baseline_capture'])).toBe(360);
  });

  it('is WORKER_SHUTDOWN_DRAIN_SECONDS when set, zero included (hand back at once)', () => {
    expect(shutdownDrainSeconds(loadLifecycleConfig({ WORKER_SHUTDOWN_DRAIN_SECONDS: '20' }), ['baseline_capture'])).toBe(20);
    expect(shutdownDrainSeconds(loadLifecycleConfig({ WORKER_SHUTDOWN_DRAIN_SECONDS: '0' }), ['baseline_capture'])).toBe(0);
  });
});
