import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_EVENT_KINDS } from '../../src/domain/event-kinds.js';
import { describeReason } from '../../src/domain/reason-catalog.js';
import { buildRegistry } from '../../src/jobs/handlers/index.js';
import { startWorker, type Worker } from '../../src/jobs/worker.js';
import { launchChromium } from '../support/chromium.js';
import { DashboardPage } from '../support/dashboard-page.js';
import { FAST_LIFECYCLE } from '../support/fast-lifecycle.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { launchTestRun, runEvents, waitForCompletedRun, type RunScope } from '../support/test-runs.js';
import { waitFor } from '../support/wait-for.js';
import { createWorld } from '../support/world.js';

const STEPS = 5;
const RUN_KINDS = new Set<string>(RUN_EVENT_KINDS);
const SCREENSHOT = 'test-results/dashboard.png';
/** Rows carry the API's enum values in `data-status`, `data-outcome` and `data-freshness`. */
const ORDER = ['QUEUED', 'RUNNING', 'COMPLETED'];

/** "k / 5" as a number k, or null for any other progress text. */
function stepsDone(progress: string): number | null {
  const match = /^(\d+) \/ 5$/.exec(progress);
  return match ? Number(match[1]) : null;
}

describe('the live dashboard (rule 8: live, gap-free events)', () => {
  let app: TestApp;
  let worker: Worker;
  let browser: Browser;
  let dashboard: DashboardPage;
  let scope: RunScope;

  beforeAll(async () => {
    app = await startTestApp(FAST_LIFECYCLE);
    const world = await createWorld(app.em());
    scope = { workspaceId: world.workspaceA, tenantId: world.tenantA1, initiatorId: world.users.ownerA };
    worker = await startWorker(app.runtime, buildRegistry(app.config));
    browser = await launchChromium();
    dashboard = await DashboardPage.open(browser, app.http.url);
    await dashboard.signIn(await app.token(world.users.ownerA));
    // The page's subscription is registered with the event hub: every transition from now on is pushed.
    await waitFor(async () => app.http.hub.listenerCount === 1, 10_000, 20, 'the dashboard subscription to register');
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await app?.close();
  });

  it('shows runs appear, run, progress and end from pushed events alone, sending no HTTP request after the initial load', async () => {
    const progressing = await launchTestRun(app, scope, { steps: STEPS, ms: 300 });
    const hanging = await launchTestRun(app, scope, { mode: 'hang' });

    const finished = await dashboard.waitForStatus(progressing.id, 'COMPLETED');
    const reconciled = await dashboard.waitForStatus(hanging.id, 'COMPLETED');

    expect(finished).toMatchObject({ outcome: 'SUCCEEDED', outcomeLabel: 'Succeeded', freshness: 'TERMINAL_NORMAL', progress: `${STEPS} / ${STEPS}` });
    // The row appeared, went running and showed intermediate progress before it ended, never going back.
    const history = await dashboard.history(progressing.id);
    const stages = history.map((row) => ORDER.indexOf(row.status));
    expect(stages.every((stage) => stage >= 0)).toBe(true);
    expect(stages).toEqual([...stages].sort());
    const progress = history.map((row) => stepsDone(row.progress) ?? 0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const midway = history.filter((row, index) => row.status === 'RUNNING' && row.statusLabel === 'Running' && progress[index]! > 0 && progress[index]! < STEPS);
    expect(midway.length).toBeGreaterThan(0);

    const { reasonCode } = await waitForCompletedRun(app, hanging.id);
    expect(reasonCode).toBe('run.infrastructure_timeout_or_abandonment');
    expect(reconciled).toMatchObject({ outcome: 'FAILED', outcomeLabel: 'Reconciled failed', freshness: 'RECONCILED_FAILED', note: describeReason(reasonCode!).label });

    // Every rendering of a row is one pushed event, and every run event in the outbox was pushed.
    for (const run of [progressing, hanging]) {
      const pushed = dashboard.pushedRunIds.filter((id) => id === run.id).length;
      expect(pushed).toBe((await runEvents(app, run.id)).filter((event) => RUN_KINDS.has(event.kind)).length);
      expect(await dashboard.history(run.id)).toHaveLength(pushed);
    }
    expect(dashboard.requestsAfterLoad).toEqual([]);
    expect(await dashboard.connectionState()).toBe('live');

    await mkdir('test-results', { recursive: true });
    await dashboard.page.screenshot({ path: SCREENSHOT, fullPage: true, animations: 'disabled' });
  });
});
