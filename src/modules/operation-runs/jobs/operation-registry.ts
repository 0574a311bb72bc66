import type { ReasonCatalog } from '../domain/reason-catalog.js';
import type { FailureEntry } from '../domain/run-states.js';
import type { OperationRun } from '../entities/operation-run.js';
import type { AppConfig } from '../../../platform/config.js';
import type { Runtime } from '../../../platform/runtime.js';
import { isUnusable, type InputOf, type InputReader, type OperationType, type ResultOf } from './operation-contracts.js';

/**
 * What a handler may use of the process: the database, the outbox its artifact events go through,
 * Redis and the configuration. Runs change state only through the worker, never in a handler.
 */
export type HandlerDeps = Pick<Runtime, 'orm' | 'outbox' | 'redis' | 'config'>;

export interface HandlerContext<Input> {
  runtime: HandlerDeps;
  /** The run as it was when this attempt started. */
  run: OperationRun;
  /** The run's input, read and checked from its context before the handler is called. */
  input: Input;
  attemptId: string;
  /** Aborted when the attempt times out or the run stops being this attempt's (reconciled, superseded). */
  signal: AbortSignal;
  /** Reports numeric progress; throttled, and fenced to this attempt. */
  progress(counts: Record<string, number>): void;
}

export type HandlerResult<Result> =
  | {
      outcome: 'succeeded' | 'partially_succeeded' | 'failed';
      summaryCounts?: Record<string, number>;
      failures?: FailureEntry[];
      /** Stored as the run's `context.result`. */
      result?: Result;
      reasonCode?: string | null;
    }
  | { outcome: 'blocked'; reasonCode: string; message: string; summaryCounts?: Record<string, number> };

export type OperationHandler<Input, Result> = (context: HandlerContext<Input>) => Promise<HandlerResult<Result>>;

/** The handler of one operation type, typed by its contract. */
export type HandlerFor<T extends OperationType> = OperationHandler<InputOf<T>, ResultOf<T>>;

/** What the worker gives every attempt; the registry adds the run's input. */
export type AttemptContext = Omit<HandlerContext<never>, 'input'>;

/** An attempt ready to execute: its handler with the run's input bound. */
export type PreparedAttempt = (context: AttemptContext) => Promise<HandlerResult<unknown>>;

/** Work a worker that executes an operation type does on a timer, in one worker at a time. */
export interface PeriodicTask {
  name: string;
  /** The Redis lock (under the process prefix) that keeps the task to one worker at a time. */
  lock: string;
  intervalMs(config: AppConfig): number;
  /** The task's pass in this process. */
  create(runtime: Runtime): () => Promise<void>;
}

/** An operation type as a module registers it: how its job reads a run's input, its handler, and what it brings besides. */
export interface Operation<T extends OperationType> {
  readInput: InputReader<T>;
  handler: HandlerFor<T>;
  /** Settings this type cannot run under, as messages; a worker with any refuses to start. */
  violations?(config: AppConfig): string[];
  periodic?: PeriodicTask[];
}

/** Operation types this build can execute; baseline capture, compare and sync register here. */
export class OperationRegistry {
  private readonly operations = new Map<OperationType, Operation<OperationType>>();

  /** `reasons` describes the reason a run whose input its job cannot use is blocked with. */
  constructor(private readonly reasons: ReasonCatalog) {}

  register<T extends OperationType>(type: T, operation: Operation<T>): this {
    if (this.operations.has(type)) throw new Error(`A handler for "${type}" is already registered.`);
    this.operations.set(type, operation as unknown as Operation<OperationType>);
    return this;
  }

  operation<T extends OperationType>(type: T): Operation<T> | null {
    return (this.operations.get(type) as unknown as Operation<T> | undefined) ?? null;
  }

  /** Every registered type's refusal of the configuration. */
  violations(config: AppConfig): string[] {
    return [...this.operations.values()].flatMap((operation) => operation.violations?.(config) ?? []);
  }

  periodicTasks(): PeriodicTask[] {
    return [...this.operations.values()].flatMap((operation) => operation.periodic ?? []);
  }

  has(type: string): boolean {
    return this.operations.has(type as OperationType);
  }

  types(): OperationType[] {
    return [...this.operations.keys()];
  }

  /**
   * The attempt of a run, with the run's input read by its type's contract: a run whose input its
   * job cannot use is blocked with the contract's reason without calling the handler. Null when
   * this build has no handler for the run's type.
   */
  prepare(run: OperationRun): PreparedAttempt | null {
    const operation = this.operations.get(run.type as OperationType);
    if (!operation) return null;
    const input = operation.readInput(run);
    if (isUnusable(input)) {
      return async () => ({ outcome: 'blocked', reasonCode: input.unusable, message: this.reasons.describe(input.unusable).explanation });
    }
    return (context) => operation.handler({ ...context, input } as HandlerContext<never>);
  }
}
