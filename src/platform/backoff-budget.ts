export interface BackoffPolicy {
  /** Total time one sync may spend waiting on throttling and transient failures. */
  maxTotalWaitMs: number;
  /** First delay when the source gave no Retry-After; doubled per consecutive retry. */
  baseDelayMs: number;
  /** Largest delay chosen without a Retry-After. */
  maxDelayMs: number;
  /** Consecutive retries of one request before giving up, whatever the budget says. */
  maxRetriesPerRequest: number;
}

export type BackoffDecision = { kind: 'wait'; delayMs: number } | { kind: 'give_up'; why: 'budget_exhausted' | 'too_many_retries' };

/**
 * Bounded backoff shared by every request of one sync. A Retry-After from the source is honoured
 * exactly (never shortened); without one the delay grows exponentially. A wait that would carry
 * the total past the budget is not started at all: the caller gives up at once instead of
 * sleeping into a failure it already knows about.
 */
export class BackoffBudget {
  private spent = 0;

  constructor(private readonly policy: BackoffPolicy) {}

  /** `retry` counts the consecutive retries of the current request, from 1. */
  next(retry: number, retryAfterSeconds: number | null): BackoffDecision {
    if (retry > this.policy.maxRetriesPerRequest) return { kind: 'give_up', why: 'too_many_retries' };
    const delayMs = retryAfterSeconds !== null ? retryAfterSeconds * 1000 : Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (retry - 1));
    if (this.spent + delayMs > this.policy.maxTotalWaitMs) return { kind: 'give_up', why: 'budget_exhausted' };
    this.spent += delayMs;
    return { kind: 'wait', delayMs };
  }

  get limitSeconds(): number {
    return this.policy.maxTotalWaitMs / 1000;
  }
}
