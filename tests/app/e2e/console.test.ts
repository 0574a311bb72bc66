import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RUN_EVENT_KINDS } from '../../../src/outbox/kinds.js';
import { REASONS } from '../../../src/app/reasons.js';
import { TEST_OPERATION_POLICY } from '../../../src/modules/operation-runs/services/lifecycle-config.js';
import { backdateRun } from '../../support/backdate-run.js';
import { captureAndWait } from '../../support/baseline-operations.js';
import { createBaselineFixture, policy, replaceInventory, type BaselineFixture } from '../../support/baseline-fixture.js';
import { launchChromium } from '../../support/chromium.js';
import { ConsolePage } from '../../support/console-page.js';
import { outboxRows } from '../../support/outbox-rows.js';
import { createUnqueuedRun, launchTestRun, startAttempt, waitForCompletedRun } from '../../support/test-runs.js';
import { useApp } from '../../support/use-app.js';
import { waitFor } from '../../support/wait-for.js';
import { createWorld, type World } from '../../support/world.js';

/** The target drifts from the source: `c` is missing (high), `b` differs (medium), `x` is unexpected (low). */
const SOURCE_INVENTORY = [policy('a'), policy('b'), policy('c')];
const TARGET_INVENTORY = [policy('a'), policy('b', { revision: 2 }), policy('x')];

const STEPS = 5;
const READINESS = `query ($id: ID!) { tenant(id: $id) { compareReadiness { reason { label nextStep } } } }`;

/** The run id a "… started" notice names. */
function startedRun(detail: string): string {
  const match = /^Run (\S+)$/.exec(detail);
  if (!match) throw new Error(`The notice names no run: "${detail}".`);
  return match[1]!;
}

describe('the console, used in a browser: baselines, compares, findings and notifications, all live', () => {
  const suite = useApp({ world: false, worker: true });
  let browser: Browser;
  const pages: ConsolePage[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function driftScene(): Promise<{ world: World; fixture: BaselineFixture; token: string }> {
    const world = await createWorld(suite.app.em());
    const fixture = await createBaselineFixture(suite.app, world);
    const token = await suite.app.token(world.users.ownerA);
    await replaceInventory(suite.app, token, fixture.sourceTenantId, SOURCE_INVENTORY);
    await replaceInventory(suite.app, token, fixture.targetTenantId, TARGET_INVENTORY);
    return { world, fixture, token };
  }

  async function signedIn(token: string): Promise<ConsolePage> {
    const page = await ConsolePage.open(browser, suite.app.http.url);
    pages.push(page);
    await page.signIn(token);
    return page;
  }

  it('signs in, is refused a compare with the reason and next step, captures, compares, and shows the findings and notifications as they are pushed', async () => {
    const { fixture, token } = await driftScene();
    const target = `tr[data-tenant-id="${fixture.targetTenantId}"]`;
    const page = await signedIn(token);
    expect(await page.connectionLabel()).toBe('Live');

    await page.selectView('tenants');
    expect((await page.waitForRow(`${target}[data-compare-allowed="false"]`)).text).toContain('No complete snapshot yet');
    await page.page.click(`${target} .start-compare`);
    const refused = (await suite.app.gql(READINESS, { id: fixture.targetTenantId }, token)).data.tenant.compareReadiness.reason;
    expect(await page.waitForNotice(/^Compare blocked/)).toMatchObject({
      tone: 'WARNING',
      title: `Compare blocked: ${refused.label}`,
      nextStep: `Next step: ${refused.nextStep}`,
    });

    await page.selectView('baselines');
    await page.page.selectOption('#profile', fixture.profileId);
    await page.page.selectOption('#capture-source', fixture.sourceTenantId);
    await page.page.click('#start-capture');
    const capture = startedRun((await page.waitForNotice(/^Capture started$/)).detail);
    const snapshot = await page.waitForRow('#snapshots tr[data-lifecycle="COMPLETE"][data-truth="CURRENT"]');
    expect(snapshot.text).toContain('Current baseline');
    expect(snapshot.text).toContain('Proven: 3 of 3 items persisted');
    await page.screenshot('baselines');

    await page.selectView('tenants');
    // The snapshot event carried the profile's tenants: the target became ready without a reload.
    expect((await page.waitForRow(`${target}[data-compare-allowed="true"]`)).text).toMatch(/Current baseline: 3 items/);
    await page.page.click(`${target} .start-compare`);
    const compare = startedRun((await page.waitForNotice(/^Compare started$/)).detail);

    await page.selectView('runs');
    for (const runId of [capture, compare]) {
      const row = await page.waitForRow(`#runs tr[data-run-id="${runId}"][data-status="COMPLETED"]`);
      expect(row.data).toMatchObject({ outcome: 'SUCCEEDED', reconciled: 'false' });
    }
    await page.screenshot('runs');

    await page.selectView('tenants');
    await page.waitForRow(`${target} .last-compare:has-text("Succeeded")`);
    await page.page.click(`${target} .show-findings`);
    await page.waitForRow(`#findings-last-compare[data-run-id="${compare}"]`);
    await page.waitForRow('#findings tbody tr');
    const findings = await page.rows('#findings tbody tr');
    expect(findings.map((row) => [row.data.kind, row.data.severity, row.data.status]).sort()).toEqual([
      ['DIFFERENT', 'MEDIUM', 'OPEN'],
      ['MISSING', 'HIGH', 'OPEN'],
      ['UNEXPECTED', 'LOW', 'OPEN'],
    ]);
    await page.page.selectOption('#finding-filter-severity', 'HIGH');
    expect((await page.rows('#findings tbody tr')).map((row) => row.data.kind)).toEqual(['MISSING']);
    await page.page.selectOption('#finding-filter-severity', '');
    await page.screenshot('findings');

    await page.waitForRow('#tabs button[data-view="notifications"]:has-text("Notifications (2)")');
    await page.selectView('notifications');
    const notifications = await page.rows('#notifications li');
    expect(notifications.map((item) => [item.data.runId, item.data.read])).toEqual([
      [compare, 'false'],
      [capture, 'false'],
    ]);
    expect(notifications[0]!.text).toContain('Baseline compare completed');
    await page.screenshot('notifications');
    await page.page.click('#mark-read');
    await page.waitForRow('#tabs button[data-view="notifications"]:text-is("Notifications")');
    expect((await page.rows('#notifications li')).map((item) => item.data.read)).toEqual(['true', 'true']);

    // Each list was read once; after that only the user's own actions went over HTTP. Nothing polled.
    expect(page.operationsSent).toEqual([
      'Viewer',
      'ConsoleRuns',
      'ConsoleWorkspace',
      'StartCompare',
      'StartCapture',
      'StartCompare',
      'TenantFindings',
      'MarkNotificationsRead',
    ]);
    expect(page.requests.filter((request) => !request.includes(new URL(suite.app.http.url).host))).toEqual([]);
    expect(await page.connectionLabel()).toBe('Live');
  });

  it('after a forced socket drop, reconnects and resumes from the last cursor: every transition made while it was down arrives once, in order', async () => {
    const { world, fixture, token } = await driftScene();
    await captureAndWait(suite.app, token, fixture.profileId, fixture.sourceTenantId);
    const page = await signedIn(token);
    await page.selectView('tenants');
    await page.page.click(`tr[data-tenant-id="${fixture.targetTenantId}"] .show-findings`);
    await page.waitForRow('#findings-last-compare:has-text("never compared")');

    await page.dropSockets();
    await page.waitForConnection('reconnecting');
    expect(await page.connectionLabel()).toBe('Reconnecting…');
    await page.selectView('tenants');
    await page.page.click(`tr[data-tenant-id="${fixture.targetTenantId}"] .start-compare`);
    const compare = startedRun((await page.waitForNotice(/^Compare started$/)).detail);
    await waitForCompletedRun(suite.app, compare, 30_000);
    // The whole run happened while the console was cut off: none of it has reached the page.
    expect(page.pushed.filter((pushed) => JSON.stringify(pushed.event).includes(compare))).toEqual([]);
    await page.screenshot('reconnecting');

    await page.restoreSockets();
    await page.waitForConnection('live');
    await page.selectView('runs');
    expect((await page.waitForRow(`#runs tr[data-run-id="${compare}"][data-status="COMPLETED"]`)).data.outcome).toBe('SUCCEEDED');
    await page.selectView('findings');
    await page.waitForRow(`#findings-last-compare[data-run-id="${compare}"][data-status="COMPLETED"]`);
    expect(await page.rows('#findings tbody tr')).toHaveLength(3);
    await page.selectView('notifications');
    await page.waitForRow(`#notifications li[data-run-id="${compare}"]`);

    const written = (await outboxRows(suite.app, world.workspaceA, RUN_EVENT_KINDS)).filter((row) => row.runId === compare).map((row) => row.cursor);
    expect(written.length).toBeGreaterThanOrEqual(3);
    const received = (operation: string) =>
      page
        .events(operation)
        .filter((pushed) => pushed.event.run.id === compare)
        .map((pushed) => pushed.cursor);
    expect(received('ConsoleRunEvents')).toEqual(written);
    expect(received('TenantFindingEvents')).toEqual(written);
    expect(page.events('ConsoleNotificationEvents').filter((pushed) => pushed.event.notification.run?.id === compare)).toHaveLength(1);
    for (const operation of ['ConsoleRunEvents', 'ConsoleSnapshotEvents', 'ConsoleNotificationEvents', 'TenantFindingEvents']) {
      const cursors = page.events(operation).map((pushed) => pushed.cursor);
      expect(new Set(cursors).size).toBe(cursors.length);
    }
    await page.screenshot('resumed');
  });

  it('offers each user only the actions their capabilities allow', async () => {
    const world = await createWorld(suite.app.em());
    const offered = async (userId: string) => {
      const page = await signedIn(await suite.app.token(userId));
      await page.selectView('tenants');
      await page.waitForRow('#tenants tbody tr');
      const tenants = (await page.rows('#tenants tbody tr')).map((row) => row.data.tenantId);
      const compare = (await page.rows('#tenants tbody tr .start-compare')).length;
      await page.selectView('baselines');
      const capture = await page.page.isVisible('#capture-form');
      await page.selectView('runs');
      const reconcile = await page.page.isVisible('#reconcile-now');
      return { tenants, compare, capture, reconcile };
    };
    const everyTenant = [world.tenantA1, world.tenantA2];
    expect(await offered(world.users.managerA)).toEqual({ tenants: everyTenant, compare: 2, capture: true, reconcile: true });
    expect(await offered(world.users.operatorA)).toEqual({ tenants: [world.tenantA1], compare: 1, capture: false, reconcile: false });
    expect(await offered(world.users.readonlyA)).toEqual({ tenants: [world.tenantA1], compare: 0, capture: false, reconcile: false });
  });
});

describe("the console's runs view: filters, likely-stale and reconciled runs, and reconcile now", () => {
  // No worker: every run stays exactly where the test puts it.
  const suite = useApp({ world: false, env: { TENANTGRAPH_TEST_OPERATIONS: '1' } });
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders each transition of a run as it is pushed: queued, running, each progress step, completed', async () => {
    const world = await createWorld(suite.app.em());
    const page = await ConsolePage.open(browser, suite.app.http.url);
    await page.signIn(await suite.app.token(world.users.ownerA));
    await page.recordRunRows();
    const row = (status: string, progress: string) => `#runs tr[data-status="${status}"][data-progress="${progress}"]`;

    // Each transition is made only once the previous one is on screen, so each pushed event shows its own state.
    const run = await createUnqueuedRun(suite.app, { workspaceId: world.workspaceA, tenantId: world.tenantA1 });
    await page.waitForRow(row('QUEUED', ''));
    const attemptId = (await startAttempt(suite.app, run)).currentAttemptId!;
    await page.waitForRow(row('RUNNING', ''));
    for (let step = 1; step <= STEPS; step++) {
      await suite.app.runtime.runs.heartbeat(run.id, attemptId, { steps_done: step, steps_total: STEPS });
      await page.waitForRow(row('RUNNING', `${step} / ${STEPS}`));
    }
    await suite.app.runtime.runs.complete(run.id, attemptId, { outcome: 'succeeded' });
    expect((await page.waitForRow(row('COMPLETED', `${STEPS} / ${STEPS}`))).data).toMatchObject({
      runId: run.id,
      outcome: 'SUCCEEDED',
      freshness: 'TERMINAL_NORMAL',
    });

    const steps = Array.from({ length: STEPS }, (_, index) => ({ runId: run.id, status: 'RUNNING', progress: `${index + 1} / ${STEPS}` }));
    expect(await page.renderedRun(run.id)).toEqual([
      { runId: run.id, status: 'QUEUED', progress: '' },
      { runId: run.id, status: 'RUNNING', progress: '' },
      ...steps,
      { runId: run.id, status: 'COMPLETED', progress: `${STEPS} / ${STEPS}` },
    ]);
    expect(page.events('ConsoleRunEvents').map((pushed) => pushed.event.kind)).toEqual(['QUEUED', 'STARTED', ...steps.map(() => 'PROGRESS'), 'COMPLETED']);
    // Everything after sign-in came over the socket.
    expect(page.operationsSent).toEqual(['Viewer', 'ConsoleRuns', 'ConsoleWorkspace']);
    await page.close();
  });

  it('filters by tenant, type, status and freshness, and a run the caller reconciles leaves the queued view and reads as reconciled', async () => {
    const world = await createWorld(suite.app.em());
    const stale = await createUnqueuedRun(suite.app, { workspaceId: world.workspaceA, tenantId: world.tenantA1 });
    await backdateRun(suite.app, stale.id, 2 * TEST_OPERATION_POLICY.runningStaleAfterSeconds);
    const fresh = await launchTestRun(suite.app, { workspaceId: world.workspaceA, tenantId: world.tenantA2 });
    const capture = await createUnqueuedRun(suite.app, { workspaceId: world.workspaceA, tenantId: world.tenantA2 }, 'baseline_capture');
    const page = await ConsolePage.open(browser, suite.app.http.url);
    await page.signIn(await suite.app.token(world.users.managerA));

    const shown = (expected: string[]) =>
      waitFor(
        async () => {
          const ids = (await page.rows('#runs tbody tr')).map((row) => row.data.runId!);
          return JSON.stringify([...ids].sort()) === JSON.stringify([...expected].sort()) && ids;
        },
        20_000,
        50,
        `the runs view to show ${expected.join(', ')}`,
      );
    let filterChanges = 0;
    const filter = async (field: 'tenant' | 'type' | 'status' | 'freshness', value: string) => {
      filterChanges += 1;
      await page.page.selectOption(`#run-filter-${field}`, value);
    };

    await shown([stale.id, fresh.id, capture.id]);
    expect((await page.waitForRow(`#runs tr[data-run-id="${stale.id}"]`)).data).toMatchObject({ status: 'QUEUED', freshness: 'LIKELY_STALE' });
    await filter('freshness', 'LIKELY_STALE');
    await shown([stale.id]);
    await filter('freshness', '');
    await filter('tenant', world.tenantA2);
    await shown([fresh.id, capture.id]);
    await filter('type', 'test.noop');
    await shown([fresh.id]);
    await filter('tenant', '');
    await filter('type', '');
    await filter('status', 'QUEUED');
    await shown([stale.id, fresh.id, capture.id]);

    await page.page.click('#reconcile-now');
    expect(await page.waitForNotice(/^Reconciled/)).toMatchObject({ title: 'Reconciled 1 stale run(s)', detail: expect.stringMatching(/; reconciled 1; /) });
    // Pushed, not re-read: the reconciled run is no longer queued, so it leaves the filtered view.
    await shown([fresh.id, capture.id]);
    await filter('status', '');
    await filter('freshness', 'RECONCILED_FAILED');
    await shown([stale.id]);
    const reconciled = await page.waitForRow(`#runs tr[data-run-id="${stale.id}"]`);
    expect(reconciled.data).toMatchObject({ status: 'COMPLETED', outcome: 'FAILED', freshness: 'RECONCILED_FAILED', reconciled: 'true' });
    expect(reconciled.text).toContain('Reconciled failed');
    expect(reconciled.text).toContain(`Reconciled ${REASONS.describe('run.stale_queued').label}`);
    // The list is read once at sign-in and once per filter change, never in between.
    expect(page.operationsSent.filter((operation) => operation === 'ConsoleRuns')).toHaveLength(1 + filterChanges);
    await page.screenshot('reconciled');
    await page.close();
  });
});
