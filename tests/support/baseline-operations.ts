import type { OperationRun } from '../../src/modules/operation-runs/entities/operation-run.js';
import type { TestApp } from './test-app.js';
import { waitForCompletedRun } from './test-runs.js';

const START_CAPTURE = `
  mutation StartCapture($profileId: ID!, $sourceTenantId: ID!) {
    startBaselineCapture(profileId: $profileId, sourceTenantId: $sourceTenantId) {
      __typename
      ... on CaptureStarted { created run { id type status } }
      ... on CaptureBlocked { reason { code label explanation nextStep } }
    }
  }`;

const START_COMPARE = `
  mutation StartCompare($tenantId: ID!, $baselineSnapshotId: ID) {
    startBaselineCompare(tenantId: $tenantId, baselineSnapshotId: $baselineSnapshotId) {
      __typename
      ... on CompareStarted { created run { id type status } snapshot { id } }
      ... on CompareBlocked {
        availability {
          allowed reasonCode nextAction
          reason { code label }
          snapshot { id }
          effectiveSnapshot { id }
          latestAttemptedSnapshot { id lifecycleState }
        }
      }
    }
  }`;

export type CaptureStartResult =
  | { __typename: 'CaptureStarted'; created: boolean; run: { id: string; type: string; status: string } }
  | { __typename: 'CaptureBlocked'; reason: { code: string; label: string; explanation: string; nextStep: string } };

export type CompareStartResult =
  | { __typename: 'CompareStarted'; created: boolean; run: { id: string; type: string; status: string }; snapshot: { id: string } }
  | {
      __typename: 'CompareBlocked';
      availability: {
        allowed: boolean;
        reasonCode: string | null;
        nextAction: string;
        reason: { code: string; label: string } | null;
        snapshot: { id: string } | null;
        effectiveSnapshot: { id: string } | null;
        latestAttemptedSnapshot: { id: string; lifecycleState: string | null } | null;
      };
    };

/** `startBaselineCapture` as a manager would call it; GraphQL errors fail the test. */
export async function startCapture(app: TestApp, token: string, profileId: string, sourceTenantId: string): Promise<CaptureStartResult> {
  const result = await app.gql(START_CAPTURE, { profileId, sourceTenantId }, token);
  if (result.errors) throw new Error(`startBaselineCapture failed: ${JSON.stringify(result.errors)}`);
  return result.data.startBaselineCapture;
}

/** `startBaselineCompare`, with an explicit snapshot when `baselineSnapshotId` is given. */
export async function startCompare(app: TestApp, token: string, tenantId: string, baselineSnapshotId?: string): Promise<CompareStartResult> {
  const result = await app.gql(START_COMPARE, { tenantId, baselineSnapshotId }, token);
  if (result.errors) throw new Error(`startBaselineCompare failed: ${JSON.stringify(result.errors)}`);
  return result.data.startBaselineCompare;
}

/** The id of the run a start mutation created; fails the test when the start was blocked. */
export function startedRunId(result: CaptureStartResult | CompareStartResult): string {
  if (result.__typename === 'CaptureStarted' || result.__typename === 'CompareStarted') return result.run.id;
  throw new Error(`Expected the start to succeed, got ${JSON.stringify(result)}.`);
}

/** Starts a capture and waits for its run to end (a worker consuming captures must be running). */
export async function captureAndWait(app: TestApp, token: string, profileId: string, sourceTenantId: string): Promise<OperationRun> {
  return waitForCompletedRun(app, startedRunId(await startCapture(app, token, profileId, sourceTenantId)));
}

/** Starts a compare and waits for its run to end (a worker consuming compares must be running). */
export async function compareAndWait(app: TestApp, token: string, tenantId: string, baselineSnapshotId?: string): Promise<OperationRun> {
  return waitForCompletedRun(app, startedRunId(await startCompare(app, token, tenantId, baselineSnapshotId)));
}

/** The snapshot a finished capture run produced or reused, from its run context. */
export function capturedSnapshotId(run: OperationRun): string {
  const result = run.context.result as { snapshotId?: string } | undefined;
  if (!result?.snapshotId) throw new Error(`Capture run ${run.id} names no snapshot (outcome ${run.outcome}, reason ${run.reasonCode}).`);
  return result.snapshotId;
}
