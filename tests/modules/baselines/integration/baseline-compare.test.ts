import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../../src/platform/canonical-json.js';
import { createBaselineFixture, policy, replaceInventory, type BaselineFixture, type InventoryPolicy } from '../../../support/baseline-fixture.js';
import { captureAndWait, capturedSnapshotId, compareAndWait } from '../../../support/baseline-operations.js';
import { startBaselineWorker } from '../../../support/baseline-worker.js';
import { useApp } from '../../../support/use-app.js';

const FINDINGS = `
  query Findings($id: ID!) {
    tenant(id: $id) {
      findings(first: 50) {
        edges {
          node {
            subjectType subjectExternalId policyType displayName kind severity status
            firstSeenAt lastSeenAt resolvedAt evidence
            profile { id } snapshot { id } producingRun { id } lastSeenRun { id }
          }
        }
      }
    }
  }`;

const nameHash = (displayName: string) => createHash('sha256').update(displayName, 'utf8').digest('hex');

describe('baseline compare findings', () => {
  const suite = useApp({ as: 'managerA', worker: (app) => startBaselineWorker(app, ['baseline_capture', 'baseline_compare']) });

  /** Captures `baseline` from the source tenant and returns the complete snapshot's id. */
  async function captureBaseline(fixture: BaselineFixture, baseline: InventoryPolicy[]): Promise<string> {
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, baseline);
    return capturedSnapshotId(await captureAndWait(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId));
  }

  async function compareTarget(fixture: BaselineFixture, inventory: InventoryPolicy[]) {
    await replaceInventory(suite.app, suite.token, fixture.targetTenantId, inventory);
    const run = await compareAndWait(suite.app, suite.token, fixture.targetTenantId);
    expect(run).toMatchObject({ outcome: 'succeeded', reasonCode: null });
    return run;
  }

  async function findingsBySubject(tenantId: string) {
    const result = await suite.gql(FINDINGS, { id: tenantId });
    expect(result.errors).toBeUndefined();
    const nodes = result.data.tenant.findings.edges.map((edge: { node: Record<string, any> }) => edge.node);
    return Object.fromEntries(nodes.map((node: Record<string, any>) => [node.subjectExternalId, node]));
  }

  it('missing, unexpected and different subjects become exactly those open findings, with severity, evidence hashes and summary counts', async () => {
    const fixture = await createBaselineFixture(suite.app, suite.world);
    const snapshotId = await captureBaseline(fixture, [policy('a'), policy('b'), policy('c'), policy('d')]);

    const run = await compareTarget(fixture, [
      policy('a'),
      policy('b', { revision: 2 }),
      policy('d'),
      policy('e'),
      policy('other', { policyType: 'compliancePolicy' }),
    ]);

    expect(run.summaryCounts).toEqual({
      subjects_compared: 5,
      drift_missing: 1,
      drift_unexpected: 1,
      drift_different: 1,
      findings_open: 3,
      findings_resolved: 0,
    });
    const findings = await findingsBySubject(fixture.targetTenantId);
    expect(Object.keys(findings).sort()).toEqual(['b', 'c', 'e']);
    const common = {
      subjectType: 'deviceConfiguration',
      policyType: 'deviceConfiguration',
      status: 'OPEN',
      resolvedAt: null,
      profile: { id: fixture.profileId },
      snapshot: { id: snapshotId },
      producingRun: { id: run.id },
      lastSeenRun: { id: run.id },
    };
    expect(findings.c).toMatchObject({ ...common, kind: 'MISSING', severity: 'HIGH', displayName: 'Policy c' });
    expect(findings.c.evidence).toEqual({ baselineHash: contentHash(policy('c').payload), currentHash: null, snapshotId });
    expect(findings.e).toMatchObject({ ...common, kind: 'UNEXPECTED', severity: 'LOW' });
    expect(findings.e.evidence).toEqual({ baselineHash: null, currentHash: contentHash(policy('e').payload), snapshotId });
    expect(findings.b).toMatchObject({ ...common, kind: 'DIFFERENT', severity: 'MEDIUM' });
    expect(findings.b.evidence).toEqual({
      baselineHash: contentHash(policy('b').payload),
      currentHash: contentHash(policy('b', { revision: 2 }).payload),
      snapshotId,
    });
  });

  it('the next compare resolves findings that no longer drift, keeps the rest open as last seen by it, and reopens a finding that drifts again', async () => {
    const fixture = await createBaselineFixture(suite.app, suite.world);
    await captureBaseline(fixture, [policy('a'), policy('b'), policy('c')]);
    const first = await compareTarget(fixture, [policy('a', { revision: 2 }), policy('b'), policy('extra')]);
    const opened = await findingsBySubject(fixture.targetTenantId);
    expect(Object.keys(opened).sort()).toEqual(['a', 'c', 'extra']);

    const second = await compareTarget(fixture, [policy('a'), policy('b'), policy('c'), policy('extra')]);

    expect(second.summaryCounts).toMatchObject({ drift_missing: 0, drift_unexpected: 1, drift_different: 0, findings_open: 1, findings_resolved: 2 });
    const afterFix = await findingsBySubject(fixture.targetTenantId);
    for (const fixed of ['a', 'c']) {
      expect(afterFix[fixed]).toMatchObject({ status: 'RESOLVED', lastSeenRun: { id: first.id } });
      expect(Date.parse(afterFix[fixed].resolvedAt)).toBeGreaterThanOrEqual(Date.parse(afterFix[fixed].lastSeenAt));
    }
    expect(afterFix.extra).toMatchObject({
      status: 'OPEN',
      resolvedAt: null,
      producingRun: { id: first.id },
      lastSeenRun: { id: second.id },
      firstSeenAt: opened.extra.firstSeenAt,
    });

    const third = await compareTarget(fixture, [policy('a'), policy('b'), policy('extra')]);

    expect(third.summaryCounts).toMatchObject({ drift_missing: 1, drift_unexpected: 1, findings_resolved: 0 });
    const reopened = await findingsBySubject(fixture.targetTenantId);
    expect(reopened.c).toMatchObject({ kind: 'MISSING', status: 'OPEN', resolvedAt: null, lastSeenRun: { id: third.id }, producingRun: { id: first.id } });
    expect(reopened.a).toMatchObject({ status: 'RESOLVED', lastSeenRun: { id: first.id } });
    expect(reopened.extra).toMatchObject({ status: 'OPEN', lastSeenRun: { id: third.id } });
  });

  it('in meta_only mode a payload change does not drift, a display name change does', async () => {
    const fixture = await createBaselineFixture(suite.app, suite.world, { captureMode: 'meta_only' });
    const snapshotId = await captureBaseline(fixture, [policy('a'), policy('b'), policy('c')]);

    const run = await compareTarget(fixture, [policy('a'), policy('b', { revision: 2 }), policy('c', { displayName: 'Renamed c' })]);

    expect(run.summaryCounts).toMatchObject({ subjects_compared: 3, drift_missing: 0, drift_unexpected: 0, drift_different: 1, findings_open: 1 });
    const findings = await findingsBySubject(fixture.targetTenantId);
    expect(Object.keys(findings)).toEqual(['c']);
    expect(findings.c).toMatchObject({ kind: 'DIFFERENT', severity: 'MEDIUM', status: 'OPEN', displayName: 'Renamed c' });
    expect(findings.c.evidence).toEqual({ baselineHash: nameHash('Policy c'), currentHash: nameHash('Renamed c'), snapshotId });
  });
});
