import { BASELINE_REASON_CATALOG } from '../domain/baseline-reasons.js';
import { captureBlockedReason, captureFacts } from '../domain/capture-eligibility.js';
import { summarizeError } from '../../../platform/error-text.js';
import { BaselineProfileSchema } from '../entities/baseline-profile.js';
import { TenantSchema } from '../../tenants/entities/tenant.js';
import { BaselineCaptureService } from '../services/baseline-capture-service.js';
import type { CaptureResult } from './baseline-contracts.js';
import type { HandlerFor, HandlerResult } from '../../operation-runs/jobs/operation-registry.js';

export interface CaptureHandlerOptions {
  batchSize: number;
  /** Fault injection point for tests: runs after each committed item batch. */
  afterBatch?: (batch: number) => Promise<void>;
}

function blocked(reasonCode: string): HandlerResult<CaptureResult> {
  return { outcome: 'blocked', reasonCode, message: BASELINE_REASON_CATALOG.describe(reasonCode).explanation };
}

/** The `baseline_capture` job: re-checks its inputs, then captures through BaselineCaptureService. */
export function baselineCaptureHandler(options: CaptureHandlerOptions): HandlerFor<'baseline_capture'> {
  return async ({ runtime, run, input, attemptId, signal, progress }) => {
    const em = runtime.orm.em.fork();
    const profile = await em.findOne(BaselineProfileSchema, { id: input.profileId });
    const tenant = await em.findOne(TenantSchema, { id: input.sourceTenantId });
    const reasonCode = captureBlockedReason(captureFacts(profile), captureFacts(tenant), run.workspace);
    if (reasonCode) return blocked(reasonCode);
    // Eligible means both exist: the rule refuses a missing profile or tenant.
    if (!profile || !tenant) throw new Error('Capture eligibility passed without its profile and tenant.');

    const result = await new BaselineCaptureService(runtime.orm, runtime.outbox).capture(run, attemptId, profile, tenant.id, {
      batchSize: options.batchSize,
      signal,
      progress,
      afterBatch: options.afterBatch,
    });
    const snapshotResult: Omit<CaptureResult, 'itemsCaptured' | 'expectedItems'> = {
      snapshotId: result.snapshot.id,
      snapshotIdentityHash: result.snapshot.snapshotIdentityHash,
      wasNewSnapshot: result.kind !== 'reused',
      snapshotLifecycle: result.kind === 'incomplete' ? 'incomplete' : 'complete',
    };
    if (result.kind === 'incomplete') {
      return {
        outcome: 'failed',
        reasonCode: result.reasonCode,
        summaryCounts: { items_expected: result.expected, items_persisted: result.persisted },
        failures: [{ code: result.reasonCode, message: summarizeError(result.error) }],
        result: { ...snapshotResult, itemsCaptured: result.persisted, expectedItems: result.expected },
      };
    }
    return {
      outcome: 'succeeded',
      summaryCounts: { items_expected: result.items, items_persisted: result.kind === 'reused' ? 0 : result.items, items_captured: result.items },
      result: { ...snapshotResult, itemsCaptured: result.items, expectedItems: result.items },
    };
  };
}
