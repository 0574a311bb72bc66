import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_EVENT_KINDS, SNAPSHOT_EVENT_KINDS } from '../../../src/outbox/kinds.js';
import { startApiProcess, type ApiProcess } from '../../support/api-process.js';
import { outboxRows } from '../../support/outbox-rows.js';
import { connectSubscriber, type SubscriptionSocket } from '../../support/subscription-client.js';
import { RUN_EVENTS, SNAPSHOT_EVENTS, type RunEventShape, type SnapshotEventShape } from '../../support/subscription-documents.js';
import { waitForWatchingHubs } from '../../support/subscription-ready.js';
import { createUnqueuedRun, waitForCompletedRun } from '../../support/test-runs.js';
import { useApp } from '../../support/use-app.js';
import { startChildService, type ChildService } from '../../support/worker-process.js';

/** The subscriber's API never polls: only Redis wake-ups published by the other processes deliver live. */
const NO_POLLING = { EVENT_POLL_INTERVAL_MS: '600000' };

const CREATE_TENANT = `mutation ($input: CreateTenantInput!) { createTenant(input: $input) { id } }`;
const REPORT = `mutation ($input: ReportInventoryInput!) { reportInventory(input: $input) { syncToken } }`;
const CAPTURE = `mutation ($profileId: ID!, $sourceTenantId: ID!) {
  startBaselineCapture(profileId: $profileId, sourceTenantId: $sourceTenantId) { __typename ... on CaptureStarted { run { id } } }
}`;

describe('an event from a worker reaches a subscriber on a different API process', () => {
  const suite = useApp();
  let subscriberApi: ApiProcess;
  let mutationApi: ApiProcess;
  let worker: ChildService;
  let socket: SubscriptionSocket;

  beforeAll(async () => {
    [subscriberApi, mutationApi, worker] = await Promise.all([
      startApiProcess(suite.app.config, NO_POLLING),
      startApiProcess(suite.app.config),
      startChildService(suite.app.config, 'worker'),
    ]);
  });
  afterAll(async () => {
    await socket?.close();
    await Promise.all([subscriberApi, mutationApi, worker].map((child) => child?.stop()));
  });

  it('delivers the events written by the mutating API and by the worker, each once and in outbox order', async () => {
    const token = await suite.app.token(suite.world.users.ownerA);
    socket = await connectSubscriber(subscriberApi.url, token);
    const runFeed = socket.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: suite.world.workspaceA });
    const snapshotFeed = socket.subscribe<SnapshotEventShape>(SNAPSHOT_EVENTS, { workspaceId: suite.world.workspaceA, profileId: suite.world.profileA });
    await waitForWatchingHubs(suite.app, suite.world.workspaceA);

    const created = await mutationApi.gql(
      CREATE_TENANT,
      { input: { workspaceId: suite.world.workspaceA, name: 'Delta', externalTenantId: 'delta.example' } },
      token,
    );
    const tenantId = created.data.createTenant.id as string;
    const items = [1, 2, 3].map((n) => ({ policyType: 'deviceConfiguration', externalId: `p-${n}`, displayName: `Policy ${n}`, payload: { n } }));
    expect((await mutationApi.gql(REPORT, { input: { tenantId, complete: true, items } }, token)).errors).toBeUndefined();
    const started = await mutationApi.gql(CAPTURE, { profileId: suite.world.profileA, sourceTenantId: tenantId }, token);
    expect(started.data.startBaselineCapture.__typename).toBe('CaptureStarted');
    const runId = started.data.startBaselineCapture.run.id as string;
    const run = await waitForCompletedRun(suite.app, runId, 30_000);
    expect(run.outcome).toBe('succeeded');

    const runRows = await outboxRows(suite.app, suite.world.workspaceA, RUN_EVENT_KINDS);
    expect(runRows.map((row) => row.kind)).toEqual(expect.arrayContaining(['QUEUED', 'STARTED', 'COMPLETED']));
    const marker = await createUnqueuedRun(suite.app, { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1 });
    const runEvents = await runFeed.eventsBefore((event) => event.run.id === marker.id);
    expect(runEvents.map((event) => [event.cursor, event.kind, event.run.id])).toEqual(runRows.map((row) => [row.cursor, row.kind, runId]));
    expect(runEvents.at(-1)!.run.status).toBe('COMPLETED');

    const snapshotRows = await outboxRows(suite.app, suite.world.workspaceA, SNAPSHOT_EVENT_KINDS);
    expect(snapshotRows.map((row) => row.kind)).toEqual(['SNAPSHOT_BUILDING', 'SNAPSHOT_COMPLETE', 'EFFECTIVE_SNAPSHOT_CHANGED']);
    const snapshotEvents = await snapshotFeed.waitForEvents(snapshotRows.length);
    expect(snapshotEvents.map((event) => [event.cursor, event.kind, event.run?.id])).toEqual([
      [snapshotRows[0]!.cursor, 'BUILDING', runId],
      [snapshotRows[1]!.cursor, 'COMPLETE', runId],
      [snapshotRows[2]!.cursor, 'EFFECTIVE_SNAPSHOT_CHANGED', runId],
    ]);
    expect(socket.closedWith).toBeNull();
  });
});
