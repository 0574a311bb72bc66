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

/**
 * Every operation type this build knows, with the input its job reads from the run and the result
 * it stores in the run's `context.result`. Starts write the input, handlers are typed by it, and
 * readers of a run's result (`storedResult`) get the handler's type back. Each module adds the
 * contracts of its operation types by augmenting this interface, next to their input readers.
 */
export interface OperationContracts {
  'test.noop': { input: TestOperationScript; result: never };
}

export type OperationType = keyof OperationContracts;
export type InputOf<T extends OperationType> = OperationContracts[T]['input'];
export type ResultOf<T extends OperationType> = OperationContracts[T]['result'];

/** A run whose stored input its job cannot use: the run is blocked with this reason code. */
export interface UnusableInput {
  unusable: string;
}

/** Reads the input of a run of one type, or names why its job cannot use it. */
export type InputReader<T extends OperationType> = (run: OperationRun) => InputOf<T> | UnusableInput;

/** A run context's value as a non-empty string, or null. */
export const contextText = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** A `test.noop` run's script, from `context.test`. */
export const readTestScript: InputReader<'test.noop'> = (run) => (run.context.test ?? {}) as TestOperationScript;

export function isUnusable(input: unknown): input is UnusableInput {
  return typeof input === 'object' && input !== null && 'unusable' in input;
}

/** The result a finished run of `type` stored, as its handler returned it; null for another type or no result. */
export function storedResult<T extends OperationType>(run: OperationRun, type: T): ResultOf<T> | null {
  if (run.type !== type) return null;
  return (run.context.result as ResultOf<T> | undefined) ?? null;
}
