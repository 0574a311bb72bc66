import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../../src/platform/canonical-json.js';
import { SNAPSHOT_EVENT_KINDS } from '../../../../src/outbox/kinds.js';
import { createBaselineFixture, policies, policy, replaceInventory, type BaselineFixture } from '../../../support/baseline-fixture.js';
import { captureAndWait, capturedSnapshotId, startCapture, startedRunId } from '../../../support/baseline-operations.js';
import { activeSnapshotId, profileTruth, snapshotsOf, snapshotTruth, storedItems } from '../../../support/baseline-truth.js';
import { startBaselineWorker } from '../../../support/baseline-worker.js';
import { runEvents, waitForCompletedRun } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';

const BATCH_SIZE = 4;

const SNAPSHOT_ITEMS = `
  query Items($id: ID!) {
    baselineSnapshot(id: $id) { items(first: 10) { edges { node { subjectExternalId displayName baselineHash meta } } } }
  }`;

describe('baseline capture', () => {
  const suite = useApp({ as: 'managerA', worker: (app) => startBaselineWorker(app, ['baseline_capture'], { capture: { batchSize: BATCH_SIZE } }) });

  async function fixtureWith(inventory = policies(10)): Promise<BaselineFixture> {
    const fixture = await createBaselineFixture(suite.app, suite.world);
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, inventory);
    return fixture;
  }

  const capture = (fixture: BaselineFixture) => captureAndWait(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId);

  async function snapshotEvents(runId: string) {
    const kinds: readonly string[] = SNAPSHOT_EVENT_KINDS;
    return (await runEvents(suite.app, runId)).filter((event) => kinds.includes(event.kind));
  }

  it("a successful capture ends complete with its completion proof and persisted items, and becomes the profile's effective snapshot", async () => {
    const fixture = await fixtureWith([...policies(10), policy('out-of-scope', { policyType: 'compliancePolicy' })]);

    const started = await startCapture(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId);
    expect(started).toMatchObject({ __typename: 'CaptureStarted', created: true, run: { type: 'baseline_capture' } });
    const run = await waitForCompletedRun(suite.app, startedRunId(started));

    expect(run).toMatchObject({ outcome: 'succeeded', reasonCode: null });
    expect(run.summaryCounts).toMatchObject({ items_expected: 10, items_persisted: 10 });
    expect(run.context.result).toMatchObject({ wasNewSnapshot: true, snapshotLifecycle: 'complete', itemsCaptured: 10, expectedItems: 10 });
    const [snapshot, ...others] = await snapshotsOf(suite.app, fixture.profileId);
    expect(others).toEqual([]);
    expect(snapshot).toMatchObject({ id: capturedSnapshotId(run), lifecycleState: 'complete', producerRun: run.id, failedAt: null });
    expect(snapshot!.completedAt).toBeInstanceOf(Date);
    expect(snapshot!.completionMeta).toMatchObject({ expectedItems: 10, persistedItems: 10, producerRunId: run.id, wasEmptyCapture: false });
    expect(snapshot!.completionMeta!.finalizedAt).toEqual(expect.any(String));
    expect(snapshot!.completionMeta!.finalizationReasonCode).toBeUndefined();
    expect(await storedItems(suite.app, snapshot!.id)).toEqual({ items: 10, subjects: 10 });
    expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(snapshot!.id);

    const truth = await profileTruth(suite.app, suite.token, fixture.profileId);
    expect(truth.effectiveSnapshot).toEqual({ id: snapshot!.id, lifecycleState: 'COMPLETE', truth: 'CURRENT', consumable: true });
    expect(truth.latestAttemptedSnapshot).toEqual(truth.effectiveSnapshot);
    expect(truth.compareReadiness).toEqual({ allowed: true, reasonCode: null, snapshot: { id: snapshot!.id } });
    expect(await snapshotTruth(suite.app, suite.token, snapshot!.id)).toMatchObject({ itemCount: 10, reason: null, producerRun: { id: run.id } });

    const events = await snapshotEvents(run.id);
    expect(events.map((event) => event.kind)).toEqual(['SNAPSHOT_BUILDING', 'SNAPSHOT_COMPLETE', 'EFFECTIVE_SNAPSHOT_CHANGED']);
    expect(events.every((event) => event.snapshot === snapshot!.id && event.profile === fixture.profileId)).toBe(true);
    expect(events[2]!.payload).toMatchObject({ previousSnapshotId: null });
  });

  it('an identical re-capture reuses the effective snapshot: no new snapshot row, no items written, the pointer stays', async () => {
    const fixture = await fixtureWith();
    const first = capturedSnapshotId(await capture(fixture));

    const again = await capture(fixture);

    expect(again.outcome).toBe('succeeded');
    expect(again.context.result).toMatchObject({ snapshotId: first, wasNewSnapshot: false, snapshotLifecycle: 'complete' });
    expect(again.summaryCounts).toMatchObject({ items_expected: 10, items_persisted: 0 });
    expect((await snapshotsOf(suite.app, fixture.profileId)).map((snapshot) => snapshot.id)).toEqual([first]);
    expect(await storedItems(suite.app, first)).toEqual({ items: 10, subjects: 10 });
    expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(first);
    expect(await snapshotEvents(again.id)).toEqual([]);
  });

  it('a changed inventory makes a new complete snapshot that supersedes the previous one', async () => {
    const inventory = policies(10);
    const fixture = await fixtureWith(inventory);
    const first = capturedSnapshotId(await capture(fixture));
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, [...inventory.slice(1), policy(inventory[0]!.externalId, { revision: 2 })]);

    const run = await capture(fixture);

    const second = capturedSnapshotId(run);
    expect(run.context.result).toMatchObject({ wasNewSnapshot: true });
    expect(second).not.toBe(first);
    expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(second);
    expect(await snapshotTruth(suite.app, suite.token, first)).toMatchObject({
      lifecycleState: 'COMPLETE',
      truth: 'SUPERSEDED',
      consumable: true,
      usabilityLabel: 'Superseded',
    });
    expect(await snapshotTruth(suite.app, suite.token, second)).toMatchObject({ lifecycleState: 'COMPLETE', truth: 'CURRENT' });
    const changed = (await snapshotEvents(run.id)).find((event) => event.kind === 'EFFECTIVE_SNAPSHOT_CHANGED');
    expect(changed?.payload).toMatchObject({ previousSnapshotId: first });
  });

  it('going back to an earlier inventory after another capture became effective builds a new current snapshot instead of resurrecting the old one', async () => {
    const original = policies(6);
    const fixture = await fixtureWith(original);
    const first = capturedSnapshotId(await capture(fixture));
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, [...original, policy('extra')]);
    const second = capturedSnapshotId(await capture(fixture));
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, original);

    const back = await capture(fixture);

    const third = capturedSnapshotId(back);
    expect(back.context.result).toMatchObject({ wasNewSnapshot: true });
    expect(new Set([first, second, third]).size).toBe(3);
    const rows = await snapshotsOf(suite.app, fixture.profileId);
    expect(rows.find((row) => row.id === third)!.snapshotIdentityHash).toBe(rows.find((row) => row.id === first)!.snapshotIdentityHash);
    expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(third);
    expect((await profileTruth(suite.app, suite.token, fixture.profileId)).effectiveSnapshot).toMatchObject({ id: third, truth: 'CURRENT' });
    expect(await snapshotTruth(suite.app, suite.token, first)).toMatchObject({ truth: 'SUPERSEDED' });
    expect(await snapshotTruth(suite.app, suite.token, second)).toMatchObject({ truth: 'SUPERSEDED' });

    const reused = await capture(fixture);
    expect(reused.context.result).toMatchObject({ snapshotId: third, wasNewSnapshot: false });
  });

  it('items keep their ids, names and payloads verbatim, whatever characters they contain', async () => {
    /** In subject order: items are listed by external id. */
    const awkward = [
      policy('back\\slash', {
        displayName: 'Name with \\ backslash, "quotes" and ünïcödé ✓',
        payload: { text: 'tab\there\nnew line\r\\N', nested: { quote: '"', empty: '' } },
      }),
      policy('plain'),
    ];
    const fixture = await fixtureWith(awkward);

    const snapshotId = capturedSnapshotId(await capture(fixture));

    const result = await suite.gql(SNAPSHOT_ITEMS, { id: snapshotId });
    expect(result.errors).toBeUndefined();
    const items = result.data.baselineSnapshot.items.edges.map((edge: { node: unknown }) => edge.node);
    expect(items).toEqual(
      awkward.map((item) => ({
        subjectExternalId: item.externalId,
        displayName: item.displayName,
        baselineHash: contentHash(item.payload),
        meta: { payload: item.payload },
      })),
    );
  });
});
