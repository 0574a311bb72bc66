import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../../src/platform/canonical-json.js';
import { assessFreshness, FRESHNESS_STATES, type FreshnessState } from '../../../../src/modules/operation-runs/domain/freshness.js';
import { newId } from '../../../../src/platform/ids.js';
import type { RunOutcome, RunStatus } from '../../../../src/modules/operation-runs/domain/run-states.js';
import { OperationRunSchema, type OperationRun } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { policyFor } from '../../../../src/modules/operation-runs/services/lifecycle-config.js';
import { freshnessFilter } from '../../../../src/modules/operation-runs/services/freshness-filter.js';
import { useApp } from '../../../support/use-app.js';

/** Seconds before `now`; null leaves the column empty. */
interface Fixture {
  name: string;
  expected: FreshnessState;
  type: string;
  status: RunStatus;
  created: number;
  started?: number | null;
  heartbeat?: number | null;
  reconciled?: boolean;
}

/**
 * With TENANTGRAPH_TEST_OPERATIONS=1: test.noop is stale after 300s queued / 600s running,
 * inventory_sync after 300s / 1200s, baseline_capture after 600s / 1800s.
 */
const FIXTURES: Fixture[] = [
  { name: 'queued, young', expected: 'fresh_active', type: 'test.noop', status: 'queued', created: 299 },
  { name: 'queued, exactly at its threshold', expected: 'likely_stale', type: 'test.noop', status: 'queued', created: 300 },
  { name: 'queued, old', expected: 'likely_stale', type: 'test.noop', status: 'queued', created: 3600 },
  { name: 'queued, old, with a recent heartbeat', expected: 'likely_stale', type: 'test.noop', status: 'queued', created: 3600, heartbeat: 5 },
  { name: 'queued baseline capture, past the test.noop threshold only', expected: 'fresh_active', type: 'baseline_capture', status: 'queued', created: 400 },
  { name: 'running, recent heartbeat', expected: 'fresh_active', type: 'test.noop', status: 'running', created: 7200, started: 7000, heartbeat: 10 },
  {
    name: 'running, heartbeat exactly at its threshold',
    expected: 'likely_stale',
    type: 'test.noop',
    status: 'running',
    created: 7200,
    started: 7000,
    heartbeat: 600,
  },
  { name: 'running, old heartbeat', expected: 'likely_stale', type: 'test.noop', status: 'running', created: 7200, started: 7000, heartbeat: 900 },
  { name: 'running, no heartbeat, recent start', expected: 'fresh_active', type: 'test.noop', status: 'running', created: 7200, started: 100, heartbeat: null },
  { name: 'running, no heartbeat, old start', expected: 'likely_stale', type: 'test.noop', status: 'running', created: 7200, started: 700, heartbeat: null },
  {
    name: 'running, no heartbeat or start, young',
    expected: 'fresh_active',
    type: 'test.noop',
    status: 'running',
    created: 100,
    started: null,
    heartbeat: null,
  },
  { name: 'running, no heartbeat or start, old', expected: 'likely_stale', type: 'test.noop', status: 'running', created: 700, started: null, heartbeat: null },
  {
    name: 'running inventory sync, heartbeat past its own threshold',
    expected: 'likely_stale',
    type: 'inventory_sync',
    status: 'running',
    created: 7200,
    started: 7000,
    heartbeat: 1300,
  },
  {
    name: 'running baseline capture, same heartbeat within its threshold',
    expected: 'fresh_active',
    type: 'baseline_capture',
    status: 'running',
    created: 7200,
    started: 7000,
    heartbeat: 1300,
  },
  {
    name: 'completed normally, long ago',
    expected: 'terminal_normal',
    type: 'test.noop',
    status: 'completed',
    created: 86_400,
    started: 86_000,
    heartbeat: 86_000,
  },
  { name: 'completed, uncovered type', expected: 'terminal_normal', type: 'legacy.export', status: 'completed', created: 86_400 },
  {
    name: 'reconciled',
    expected: 'reconciled_failed',
    type: 'test.noop',
    status: 'completed',
    created: 86_400,
    started: 86_000,
    heartbeat: 86_000,
    reconciled: true,
  },
  { name: 'queued, uncovered type', expected: 'unknown', type: 'legacy.export', status: 'queued', created: 86_400 },
  { name: 'running, uncovered type', expected: 'unknown', type: 'legacy.export', status: 'running', created: 86_400, started: 86_000, heartbeat: null },
];

describe('freshnessFilter is the SQL twin of assessFreshness', () => {
  const suite = useApp({ env: { TENANTGRAPH_TEST_OPERATIONS: '1' } });
  let now: Date;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    now = new Date();
    const ago = (seconds: number | null | undefined) => (seconds === null || seconds === undefined ? null : new Date(now.getTime() - seconds * 1000));
    const em = suite.app.em();
    for (const fixture of FIXTURES) {
      const id = newId();
      ids.set(fixture.name, id);
      const completed = fixture.status === 'completed';
      const outcome: RunOutcome = completed ? (fixture.reconciled ? 'failed' : 'succeeded') : 'pending';
      em.create(OperationRunSchema, {
        id,
        workspace: suite.world.workspaceA,
        type: fixture.type,
        status: fixture.status,
        outcome,
        runIdentityHash: sha256(`freshness:${id}`),
        createdAt: ago(fixture.created)!,
        startedAt: ago(fixture.started),
        lastHeartbeatAt: ago(fixture.heartbeat),
        completedAt: completed ? ago(fixture.created - 60) : null,
        reconciledAt: fixture.reconciled ? ago(fixture.created - 60) : null,
      });
    }
    await em.flush();
  });

  const assessed = (run: OperationRun) => assessFreshness(run, policyFor(suite.app.config.lifecycle, run.type), now).state;

  it('every state has fixtures, and assessFreshness classifies each fixture as expected', async () => {
    expect(new Set(FIXTURES.map((fixture) => fixture.expected))).toEqual(new Set(FRESHNESS_STATES));
    const runs = await suite.app.em().find(OperationRunSchema, { id: { $in: [...ids.values()] } });
    const byId = new Map(runs.map((run) => [run.id, run]));
    expect(Object.fromEntries(FIXTURES.map((fixture) => [fixture.name, assessed(byId.get(ids.get(fixture.name)!)!)]))).toEqual(
      Object.fromEntries(FIXTURES.map((fixture) => [fixture.name, fixture.expected])),
    );
  });

  it.each(FRESHNESS_STATES)('freshnessFilter("%s") selects exactly the runs assessFreshness puts in that state', async (state) => {
    const selected = await suite.app
      .em()
      .find(OperationRunSchema, { $and: [freshnessFilter(state, suite.app.config.lifecycle, now), { id: { $in: [...ids.values()] } }] });
    const names = new Map([...ids].map(([name, id]) => [id, name]));
    expect(selected.map((run) => names.get(run.id)).sort()).toEqual(
      FIXTURES.filter((fixture) => fixture.expected === state)
        .map((fixture) => fixture.name)
        .sort(),
    );
  });
});
