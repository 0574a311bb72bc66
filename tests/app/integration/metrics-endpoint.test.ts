import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_OPERATION_POLICY } from '../../../src/modules/operation-runs/services/lifecycle-config.js';
import { backdateRun } from '../../support/backdate-run.js';
import { metricValue } from '../../support/prometheus-text.js';
import { createUnqueuedRun, launchTestRun, startAttempt, type RunScope } from '../../support/test-runs.js';
import { useApp } from '../../support/use-app.js';

const TYPE = 'test.noop';
const LONG_AGO = 2 * TEST_OPERATION_POLICY.runningStaleAfterSeconds;

describe('GET /metrics', () => {
  const suite = useApp({ env: { TENANTGRAPH_TEST_OPERATIONS: '1' } });
  let scope: RunScope;

  const scrape = async () => {
    const response = await fetch(`${suite.app.http.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  beforeAll(async () => {
    scope = { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1 };
  });

  it('declares the transition and reconciliation counters and the active and likely-stale gauges', async () => {
    const text = await scrape();

    expect(text).toContain('# TYPE tenantgraph_run_transitions_total counter');
    expect(text).toContain('# TYPE tenantgraph_run_reconciliations_total counter');
    expect(text).toContain('# TYPE tenantgraph_runs_active gauge');
    expect(text).toContain('# TYPE tenantgraph_runs_likely_stale gauge');
    expect(text).toMatch(/^tenantgraph_runs_likely_stale\{type="test\.noop"\} \d+$/m);
  });

  it('transition counters count each transition a run makes', async () => {
    const before = await scrape();
    const transitions = (text: string, to: string) => metricValue(text, 'tenantgraph_run_transitions_total', { type: TYPE, to });

    const run = await startAttempt(suite.app, await createUnqueuedRun(suite.app, scope));
    await suite.app.runtime.runs.complete(run.id, run.currentAttemptId!, { outcome: 'succeeded' });

    const after = await scrape();
    for (const to of ['queued', 'running', 'completed']) expect(transitions(after, to)).toBe(transitions(before, to) + 1);
  });

  it('the transition statement counters show how many runs each group-committed statement carried', async () => {
    const counters = (text: string, kind: string) => ({
      statements: metricValue(text, 'tenantgraph_run_transition_statements_total', { kind }),
      runs: metricValue(text, 'tenantgraph_run_transition_batched_runs_total', { kind }),
    });
    const before = await scrape();

    const created = await Promise.all([1, 2, 3].map(() => createUnqueuedRun(suite.app, scope)));
    await Promise.all(created.map((run) => startAttempt(suite.app, run)));

    const after = await scrape();
    for (const kind of ['launch', 'start']) {
      const [was, now] = [counters(before, kind), counters(after, kind)];
      expect(now.runs - was.runs).toBe(3);
      expect(now.statements - was.statements).toBeGreaterThanOrEqual(1);
      expect(now.statements - was.statements).toBeLessThanOrEqual(2);
    }
  });

  it('the reconciliation counter counts force-resolved runs by type, source and reason', async () => {
    const labels = { type: TYPE, source: 'failure_bridge', reason: 'run.infrastructure_timeout_or_abandonment' };
    const before = metricValue(await scrape(), 'tenantgraph_run_reconciliations_total', labels);

    const run = await startAttempt(suite.app, await createUnqueuedRun(suite.app, scope));
    await suite.app.runtime.runs.bridgeFailedJob(run.id, run.currentAttemptId!, 'timeout', new Error('The attempt exceeded its job timeout.'));

    expect(metricValue(await scrape(), 'tenantgraph_run_reconciliations_total', labels)).toBe(before + 1);
  });

  it('the gauges follow active and likely-stale runs as they appear and end', async () => {
    const gauges = (text: string) => ({
      queued: metricValue(text, 'tenantgraph_runs_active', { type: TYPE, status: 'queued' }),
      running: metricValue(text, 'tenantgraph_runs_active', { type: TYPE, status: 'running' }),
      stale: metricValue(text, 'tenantgraph_runs_likely_stale', { type: TYPE }),
    });
    const before = gauges(await scrape());

    await launchTestRun(suite.app, scope);
    const stale = await startAttempt(suite.app, await createUnqueuedRun(suite.app, scope));
    await backdateRun(suite.app, stale.id, LONG_AGO);

    expect(gauges(await scrape())).toEqual({ queued: before.queued + 1, running: before.running + 1, stale: before.stale + 1 });

    await suite.app.runtime.reconciler.reconcile({ workspaceIds: [scope.workspaceId] });

    expect(gauges(await scrape())).toEqual({ queued: before.queued + 1, running: before.running, stale: before.stale });
  });
});
