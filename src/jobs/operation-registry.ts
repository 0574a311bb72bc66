import type { FailureEntry } from '../domain/run-states.js';
import type { OperationRun } from '../entities/operation-run.js';
import type { Runtime } from '../runtime.js';

export interface HandlerContext {
  runtime: Runtime;
  /** The run as it was when this attempt started. */
  run: OperationRun;
  attemptId: string;
  /** Aborted when the attempt times out or the run stops being this attempt's (reconciled, superseded). */
  signal: AbortSignal;
  /** Reports numeric progress; throttled, and fenced to this attempt. */
  progress(counts: Record<string, number>): void;
}

export type HandlerResult =
  | {
      outcome: 'succeeded' | 'partially_succeeded' | 'failed';
      summaryCounts?: Record<string, number>;
      failures?: FailureEntry[];
      context?: Record<string, unknown>;
      reasonCode?: string | null;
    }
  | { outcome: 'blocked'; reasonCode: string; message: string; summaryCounts?: Record<string, number>; context?: Record<string, unknown> };

export type OperationHandler = (context: HandlerContext) => Promise<HandlerResult>;

/** Operation types this build can execute; baseline capture, compare and sync register here. */
export class OperationRegistry {
  private readonly handlers = new Map<string, OperationHandler>();

  register(type: string, handler: OperationHandler): this {
    if (this.handlers.has(type)) throw new Error(`A handler for "${type}" is already registered.`);
    this.handlers.set(type, handler);
    return this;
  }

  handler(type: string): OperationHandler | null {
    return this.handlers.get(type) ?? null;
  }

  types(): string[] {
    return [...this.handlers.keys()];
  }
}
