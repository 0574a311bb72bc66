import { describe, expect, it } from 'vitest';
import { assessFreshness } from '../../../../src/modules/operation-runs/domain/freshness.js';
import type { LifecyclePolicy } from '../../../../src/modules/operation-runs/domain/lifecycle-policy.js';

const POLICY: LifecyclePolicy = {
  type: 'baseline_capture',
  queuedStaleAfterSeconds: 600,
  runningStaleAfterSeconds: 1800,
  jobTimeoutSeconds: 360,
  expectedMaxRuntimeSeconds: 300,
  retries: 0,
  directFailureBridge: true,
  scheduledReconciliation: true,
};

const T0 = new Date('2026-03-23T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('run freshness', () => {
  it('a queued run is measured from its creation against the queued threshold', () => {
    expect(assessFreshness({ status: 'queued', createdAt: T0 }, POLICY, at(599))).toEqual({
      state: 'fresh_active',
      thresholdSeconds: 600,
      referenceTime: T0,
      staleAt: at(600),
    });
  });

  it('a queued run becomes likely stale at exactly its staleAt, not a millisecond later', () => {
    expect(assessFreshness({ status: 'queued', createdAt: T0 }, POLICY, new Date(at(600).getTime() - 1)).state).toBe('fresh_active');
    expect(assessFreshness({ status: 'queued', createdAt: T0 }, POLICY, at(600)).state).toBe('likely_stale');
  });

  it('a queued run ignores heartbeats: only a start makes a waiting run active', () => {
    const run = { status: 'queued' as const, createdAt: T0, lastHeartbeatAt: at(590) };
    expect(assessFreshness(run, POLICY, at(600))).toMatchObject({ state: 'likely_stale', referenceTime: T0 });
  });

  it('a running run is measured from its last heartbeat against the running threshold', () => {
    const run = { status: 'running' as const, createdAt: T0, startedAt: at(10), lastHeartbeatAt: at(1000) };
    expect(assessFreshness(run, POLICY, at(2799))).toEqual({
      state: 'fresh_active',
      thresholdSeconds: 1800,
      referenceTime: at(1000),
      staleAt: at(2800),
    });
    expect(assessFreshness(run, POLICY, at(2800)).state).toBe('likely_stale');
  });

  it('a running run older than the queued threshold but with a recent heartbeat stays fresh', () => {
    const run = { status: 'running' as const, createdAt: T0, startedAt: at(5), lastHeartbeatAt: at(3000) };
    expect(assessFreshness(run, POLICY, at(3600)).state).toBe('fresh_active');
  });

  it('a running run without a heartbeat falls back to its start time', () => {
    const run = { status: 'running' as const, createdAt: T0, startedAt: at(100), lastHeartbeatAt: null };
    expect(assessFreshness(run, POLICY, at(1899))).toMatchObject({ state: 'fresh_active', referenceTime: at(100), staleAt: at(1900) });
    expect(assessFreshness(run, POLICY, at(1900)).state).toBe('likely_stale');
  });

  it('a running run without heartbeat or start time falls back to its creation time', () => {
    const run = { status: 'running' as const, createdAt: T0, startedAt: null, lastHeartbeatAt: null };
    expect(assessFreshness(run, POLICY, at(1799))).toMatchObject({ state: 'fresh_active', referenceTime: T0, staleAt: at(1800) });
    expect(assessFreshness(run, POLICY, at(1800)).state).toBe('likely_stale');
  });

  it('a normally completed run is terminal_normal, however old, and carries no threshold', () => {
    const run = { status: 'completed' as const, createdAt: T0, startedAt: at(1), lastHeartbeatAt: at(2), reconciledAt: null };
    expect(assessFreshness(run, POLICY, at(86_400))).toEqual({ state: 'terminal_normal', thresholdSeconds: null, referenceTime: null, staleAt: null });
  });

  it('a reconciled completed run is reconciled_failed', () => {
    const run = { status: 'completed' as const, createdAt: T0, reconciledAt: at(700) };
    expect(assessFreshness(run, POLICY, at(800))).toEqual({ state: 'reconciled_failed', thresholdSeconds: null, referenceTime: null, staleAt: null });
  });

  it('an active run of a type without a policy is unknown, never fresh or stale', () => {
    for (const status of ['queued', 'running'] as const) {
      expect(assessFreshness({ status, createdAt: T0 }, null, at(86_400))).toEqual({
        state: 'unknown',
        thresholdSeconds: null,
        referenceTime: null,
        staleAt: null,
      });
    }
  });

  it('completion decides freshness even without a policy', () => {
    expect(assessFreshness({ status: 'completed', createdAt: T0, reconciledAt: null }, null, at(1)).state).toBe('terminal_normal');
    expect(assessFreshness({ status: 'completed', createdAt: T0, reconciledAt: at(1) }, null, at(1)).state).toBe('reconciled_failed');
  });
});
