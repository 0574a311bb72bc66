import { describe, expect, it } from 'vitest';
import { newId } from '../../../../src/platform/ids.js';
import { OperationRunSchema } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { UserSchema } from '../../../../src/modules/workspaces/entities/user.js';
import { WorkspaceMembershipSchema } from '../../../../src/modules/workspaces/entities/workspace-membership.js';
import { createBaselineFixture, policies, replaceInventory, type BaselineFixture } from '../../../support/baseline-fixture.js';
import { startCapture, startedRunId } from '../../../support/baseline-operations.js';
import { snapshotsOf } from '../../../support/baseline-truth.js';
import { drainRuns } from '../../../support/baseline-worker.js';
import { useApp } from '../../../support/use-app.js';
import { testEmail } from '../../../support/test-email.js';

const CREATE_PROFILE = `
  mutation Create($input: CreateBaselineProfileInput!) { createBaselineProfile(input: $input) { id status } }`;
const ARCHIVE_PROFILE = `mutation ArchiveProfile($id: ID!) { archiveBaselineProfile(id: $id) { id status } }`;
const ARCHIVE_TENANT = `mutation ArchiveTenant($id: ID!) { archiveTenant(id: $id) { id status } }`;

/**
 * Captures re-check their inputs: at start (the mutation returns CaptureBlocked and no run) and
 * again inside the job, which ends `blocked` when the profile or source tenant changed meanwhile.
 * No worker runs until a test drains its queued runs, so nothing executes before the change.
 */
describe('baseline capture refuses unusable inputs', () => {
  const suite = useApp({ as: 'managerA' });

  async function fixtureWithInventory(): Promise<BaselineFixture> {
    const fixture = await createBaselineFixture(suite.app, suite.world);
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, policies(3));
    return fixture;
  }

  async function mutate(document: string, variables: Record<string, unknown>, as = suite.token) {
    const result = await suite.app.gql(document, variables, as);
    expect(result.errors).toBeUndefined();
    return result.data;
  }

  async function captureRunsOf(profileId: string) {
    return suite.app.em().find(OperationRunSchema, { type: 'baseline_capture', context: { profileId } });
  }

  /** A member of both workspaces, so a tenant of workspace B is visible to them. */
  async function memberOfBothWorkspaces(): Promise<string> {
    const em = suite.app.em();
    const userId = newId();
    em.create(UserSchema, { id: userId, email: testEmail('both', userId), displayName: 'both' });
    for (const workspace of [suite.world.workspaceA, suite.world.workspaceB]) {
      em.create(WorkspaceMembershipSchema, { id: newId(), workspace, user: userId, role: 'owner' });
    }
    await em.flush();
    return suite.app.token(userId);
  }

  describe('at start', () => {
    it('a draft or archived profile is blocked with baseline.capture.profile_not_active and no run is created', async () => {
      const fixture = await fixtureWithInventory();
      const draft = await mutate(CREATE_PROFILE, {
        input: { workspaceId: suite.world.workspaceA, name: 'Draft', scope: { policyTypes: ['deviceConfiguration'] } },
      });
      expect(draft.createBaselineProfile.status).toBe('DRAFT');
      await mutate(ARCHIVE_PROFILE, { id: fixture.profileId });

      for (const profileId of [draft.createBaselineProfile.id as string, fixture.profileId]) {
        const result = await startCapture(suite.app, suite.token, profileId, fixture.sourceTenantId);
        expect(result).toEqual({
          __typename: 'CaptureBlocked',
          reason: expect.objectContaining({ code: 'baseline.capture.profile_not_active', label: 'Baseline profile inactive' }),
        });
        expect(await captureRunsOf(profileId)).toEqual([]);
      }
    });

    it('an archived source tenant is blocked with baseline.capture.missing_source_tenant and no run is created', async () => {
      const fixture = await fixtureWithInventory();
      await mutate(ARCHIVE_TENANT, { id: fixture.sourceTenantId });

      const result = await startCapture(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId);

      expect(result).toMatchObject({ __typename: 'CaptureBlocked', reason: { code: 'baseline.capture.missing_source_tenant' } });
      expect(await captureRunsOf(fixture.profileId)).toEqual([]);
    });

    it('a source tenant of another workspace is blocked with baseline.capture.missing_source_tenant and no run is created', async () => {
      const fixture = await fixtureWithInventory();

      const result = await startCapture(suite.app, await memberOfBothWorkspaces(), fixture.profileId, suite.world.tenantB1);

      expect(result).toMatchObject({ __typename: 'CaptureBlocked', reason: { code: 'baseline.capture.missing_source_tenant' } });
      expect(await captureRunsOf(fixture.profileId)).toEqual([]);
    });
  });

  describe('inside the job', () => {
    it('a profile archived after the capture started ends the run blocked with baseline.capture.profile_not_active, without a snapshot', async () => {
      const fixture = await fixtureWithInventory();
      const runId = startedRunId(await startCapture(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId));
      await mutate(ARCHIVE_PROFILE, { id: fixture.profileId });

      const [run] = await drainRuns(suite.app, ['baseline_capture'], [runId]);

      expect(run).toMatchObject({ status: 'completed', outcome: 'blocked', reasonCode: 'baseline.capture.profile_not_active' });
      expect(await snapshotsOf(suite.app, fixture.profileId)).toEqual([]);
    });

    it('a source tenant archived after the capture started ends the run blocked with baseline.capture.missing_source_tenant, without a snapshot', async () => {
      const fixture = await fixtureWithInventory();
      const runId = startedRunId(await startCapture(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId));
      await mutate(ARCHIVE_TENANT, { id: fixture.sourceTenantId });

      const [run] = await drainRuns(suite.app, ['baseline_capture'], [runId]);

      expect(run).toMatchObject({ status: 'completed', outcome: 'blocked', reasonCode: 'baseline.capture.missing_source_tenant' });
      expect(await snapshotsOf(suite.app, fixture.profileId)).toEqual([]);
    });

    it('a capture run naming a source tenant of another workspace ends blocked with baseline.capture.missing_source_tenant, without a snapshot', async () => {
      const fixture = await fixtureWithInventory();
      const { run: launched } = await suite.app.runtime.runs.launch({
        workspaceId: suite.world.workspaceA,
        tenantId: suite.world.tenantB1,
        type: 'baseline_capture',
        identity: { profileId: fixture.profileId },
        context: { profileId: fixture.profileId, sourceTenantId: suite.world.tenantB1 },
      });

      const [run] = await drainRuns(suite.app, ['baseline_capture'], [launched.id]);

      expect(run).toMatchObject({ status: 'completed', outcome: 'blocked', reasonCode: 'baseline.capture.missing_source_tenant' });
      expect(await snapshotsOf(suite.app, fixture.profileId)).toEqual([]);
    });
  });
});
