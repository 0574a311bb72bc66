import { describe, expect, it } from 'vitest';
import { BackoffBudget, type BackoffPolicy } from '../../../src/platform/backoff-budget.js';

const POLICY: BackoffPolicy = { maxTotalWaitMs: 10_000, baseDelayMs: 1000, maxDelayMs: 4000, maxRetriesPerRequest: 5 };

describe('backoff budget', () => {
  it('honours Retry-After exactly, never shorter', () => {
    expect(new BackoffBudget(POLICY).next(1, 7)).toEqual({ kind: 'wait', delayMs: 7000 });
    expect(new BackoffBudget(POLICY).next(1, 0)).toEqual({ kind: 'wait', delayMs: 0 });
  });

  it('without Retry-After waits exponentially, capped per wait', () => {
    const budget = new BackoffBudget({ ...POLICY, maxTotalWaitMs: 60_000 });
    expect([1, 2, 3, 4].map((retry) => budget.next(retry, null))).toEqual([
      { kind: 'wait', delayMs: 1000 },
      { kind: 'wait', delayMs: 2000 },
      { kind: 'wait', delayMs: 4000 },
      { kind: 'wait', delayMs: 4000 },
    ]);
  });

  it('is shared by every request of a sync: waits add up until the total would pass the budget', () => {
    const budget = new BackoffBudget(POLICY);
    expect(budget.next(1, 4)).toEqual({ kind: 'wait', delayMs: 4000 });
    expect(budget.next(1, 6)).toEqual({ kind: 'wait', delayMs: 6000 });
    expect(budget.next(1, 0)).toEqual({ kind: 'wait', delayMs: 0 });
    expect(budget.next(1, 1)).toEqual({ kind: 'give_up', why: 'budget_exhausted' });
  });

  it('does not start a wait that cannot fit: a Retry-After beyond the remaining budget gives up at once', () => {
    const budget = new BackoffBudget(POLICY);
    expect(budget.next(1, 11)).toEqual({ kind: 'give_up', why: 'budget_exhausted' });
    expect(budget.next(1, 10)).toEqual({ kind: 'wait', delayMs: 10_000 });
  });

  it('gives up on one request after its retry limit even with budget left', () => {
    const budget = new BackoffBudget({ ...POLICY, maxTotalWaitMs: 1_000_000 });
    for (let retry = 1; retry <= 5; retry++) expect(budget.next(retry, 0).kind).toBe('wait');
    expect(budget.next(6, 0)).toEqual({ kind: 'give_up', why: 'too_many_retries' });
  });

  it('states its limit in seconds for the failure message', () => {
    expect(new BackoffBudget(POLICY).limitSeconds).toBe(10);
  });
});
