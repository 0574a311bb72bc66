import type { ReasonCatalog } from '../domain/reason-catalog.js';
import type { FailureEntry } from '../domain/run-states.js';
import type { OperationRun } from '../entities/operation-run.js';
import type { AppConfig } from '../../../platform/config.js';
import type { Runtime } from '../../../platform/runtime.js';
import { isOperationType, isUnusable, readInput, type InputOf, type OperationType, type ResultOf } from './operation-contracts.js';

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

/** What an operation type brings besides its handler. */
export interface OperationExtras {
  /** Settings this type cannot run under, as messages; a worker with any refuses to start. */
  violations?(config: AppConfig): string[];
  periodic?: PeriodicTask[];
}

/** Operation types this build can execute; baseline capture, compare and sync register here. */
export class OperationRegistry {
  private readonly handlers = new Map<OperationType, HandlerFor<OperationType>>();
  private readonly extras: OperationExtras[] = [];

  /** `reasons` describes the reason a run whose input its job cannot use is blocked with. */
  constructor(private readonly reasons: ReasonCatalog) {}

  register<T extends OperationType>(type: T, handler: HandlerFor<T>, extras: OperationExtras = {}): this {
    if (this.handlers.has(type)) throw new Error(`A handler for "${type}" is already registered.`);
    this.handlers.set(type, handler as unknown as HandlerFor<OperationType>);
    this.extras.push(extras);
    return this;
  }

  handler<T extends OperationType>(type: T): HandlerFor<T> | null {
    return (this.handlers.get(type) as unknown as HandlerFor<T> | undefined) ?? null;
  }

  /** Every registered type's refusal of the configuration. */
  violations(config: AppConfig): string[] {
    return this.extras.flatMap((extras) => extras.violations?.(config) ?? []);
  }

  periodicTasks(): PeriodicTask[] {
    return this.extras.flatMap((extras) => extras.periodic ?? []);
  }

  has(type: string): boolean {
    return this.handlers.has(type as OperationType);
  }

  types(): OperationType[] {
    return [...this.handlers.keys()];
  }

  /**
   * The attempt of a run, with the run's input read by its type's contract: a run whose input its
   * job cannot use is blocked with the contract's reason without calling the handler. Null when
   * this build has no handler for the run's type.
   */
  prepare(run: OperationRun): PreparedAttempt | null {
    if (!isOperationType(run.type)) return null;
    const handler = this.handlers.get(run.type);
    if (!handler) return null;
    const input = readInput(run.type, run);
    if (isUnusable(input)) {
      return async () => ({ outcome: 'blocked', reasonCode: input.unusable, message: this.reasons.describe(input.unusable).explanation });
    }
    return (context) => handler({ ...context, input } as HandlerContext<never>);
  }
}
