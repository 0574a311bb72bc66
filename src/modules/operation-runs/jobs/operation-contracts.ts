import type { OperationRun } from '../entities/operation-run.js';

/** What a `test.noop` run should do, read from `context.test` of the run. */
export interface TestOperationScript {
  mode?: 'succeed' | 'partial' | 'fail' | 'throw' | 'block' | 'hang' | 'sleep';
  /** For sleep: how long; for succeed: pause between progress steps. */
  ms?: number;
  /** Progress steps reported before finishing. */
  steps?: number;
  /** For throw: succeed from this attempt on (exercises retries). */
  succeedFromAttempt?: number;
  /** For succeed: the summary counts to report instead of the steps (a test can hand the run service counts it refuses). */
  summaryCounts?: Record<string, number>;
}

export interface CaptureInput {
  profileId: string;
  sourceTenantId: string;
}

export interface CaptureResult {
  snapshotId: string;
  snapshotIdentityHash: string;
  wasNewSnapshot: boolean;
  snapshotLifecycle: 'complete' | 'incomplete';
  itemsCaptured: number;
  expectedItems: number;
}

export interface CompareInput {
  tenantId: string;
  profileId: string;
  baselineSnapshotId: string;
}

export interface CompareResult {
  snapshotId: string;
  profileId: string;
}

export interface InventorySyncInput {
  tenantId: string;
}

export interface InventorySyncResult {
  connector: 'microsoft_graph';
  policyTypes: string[];
  generation: string;
}

/**
 * Every operation type this build knows, with the input its job reads from the run and the result
 * it stores in the run's `context.result`. Starts write the input, handlers are typed by it, and
 * readers of a run's result (`storedResult`) get the handler's type back.
 */
export interface OperationContracts {
  baseline_capture: { input: CaptureInput; result: CaptureResult };
  baseline_compare: { input: CompareInput; result: CompareResult };
  inventory_sync: { input: InventorySyncInput; result: InventorySyncResult };
  'test.noop': { input: TestOperationScript; result: never };
}

export type OperationType = keyof OperationContracts;
export type InputOf<T extends OperationType> = OperationContracts[T]['input'];
export type ResultOf<T extends OperationType> = OperationContracts[T]['result'];

/** A run whose stored input its job cannot use: the run is blocked with this reason code. */
export interface UnusableInput {
  unusable: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

const INPUT_READERS: { [T in OperationType]: (run: OperationRun) => InputOf<T> | UnusableInput } = {
  baseline_capture: (run) => {
    const profileId = text(run.context.profileId);
    const sourceTenantId = text(run.context.sourceTenantId);
    if (!profileId) return { unusable: 'baseline.capture.profile_not_active' };
    if (!sourceTenantId) return { unusable: 'baseline.capture.missing_source_tenant' };
    return { profileId, sourceTenantId };
  },
  baseline_compare: (run) => {
    if (!run.tenant) return { unusable: 'baseline.compare.no_eligible_target' };
    const profileId = text(run.context.profileId);
    const baselineSnapshotId = text(run.context.baselineSnapshotId);
    if (!profileId || !baselineSnapshotId) return { unusable: 'baseline.compare.invalid_snapshot' };
    return { tenantId: run.tenant, profileId, baselineSnapshotId };
  },
  inventory_sync: (run) => (run.tenant ? { tenantId: run.tenant } : { unusable: 'inventory_sync.tenant_unavailable' }),
  'test.noop': (run) => (run.context.test ?? {}) as TestOperationScript,
};

export function isOperationType(type: string): type is OperationType {
  return Object.hasOwn(INPUT_READERS, type);
}

export function isUnusable(input: unknown): input is UnusableInput {
  return typeof input === 'object' && input !== null && 'unusable' in input;
}

/** The input a run of `type` was started with, as its job reads it. */
export function readInput<T extends OperationType>(type: T, run: OperationRun): InputOf<T> | UnusableInput {
  return INPUT_READERS[type](run);
}

/** The result a finished run of `type` stored, as its handler returned it; null for another type or no result. */
export function storedResult<T extends OperationType>(run: OperationRun, type: T): ResultOf<T> | null {
  if (run.type !== type) return null;
  return (run.context.result as ResultOf<T> | undefined) ?? null;
}
