import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { eventDeliveryFailed } from '../../../src/platform/errors.js';
import { refusalError } from '../../../src/live/refusals.js';
import { OperationControl } from '../../../src/live/operation-control.js';

/**
 * A source of results as the server's streams behave: it yields `values`, then waits for an event
 * that never comes, and `return()` ends even a waiting `next()` at once. It records whether it was returned.
 */
function source(values: number[]) {
  const state = { returned: false };
  const done: IteratorReturnResult<void> = { value: undefined, done: true };
  let wake = (_step: IteratorResult<ExecutionResult, void>) => undefined as void;
  const results = {
    next: async (): Promise<IteratorResult<ExecutionResult, void>> => {
      if (state.returned) return done;
      const value = values.shift();
      if (value !== undefined) return { value: { data: { value } }, done: false };
      return new Promise((resolve) => (wake = resolve));
    },
    return: async () => {
      state.returned = true;
      wake(done);
      return done;
    },
    throw: async (error: unknown) => {
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  } as AsyncGenerator<ExecutionResult, void, void>;
  return { results, state };
}

function socket() {
  const closed: [number, string][] = [];
  return { closed, ws: { bufferedAmount: 7, close: (code: number, reason: string) => void closed.push([code, reason]) } as unknown as WebSocket };
}

describe('an operation’s hold on its socket', () => {
  it('on a direct socket closes the socket with the close code and reason, as graphql-ws clients expect', () => {
    const { closed, ws } = socket();
    const control = new OperationControl(ws, false);

    control.close(4420, 'Slow consumer.');

    expect(closed).toEqual([[4420, 'Slow consumer.']]);
    expect(control.bufferedAmount()).toBe(7);
  });

  it('on a gateway socket ends only its operation: the waiting source is returned and the refusal is the last result', async () => {
    const { closed, ws } = socket();
    const control = new OperationControl(ws, true);
    const { results, state } = source([1]);
    const stream = control.results(results);
    expect(await stream.next()).toEqual({ value: { data: { value: 1 } }, done: false });

    const waiting = stream.next();
    control.close(4420, 'Slow consumer.');

    expect(await waiting).toEqual({ value: { errors: [refusalError(4420, 'Slow consumer.')] }, done: false });
    expect((await waiting).value?.errors?.[0]?.extensions).toEqual({ code: 'SLOW_CONSUMER' });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(state.returned).toBe(true);
    expect(closed).toEqual([]);
  });

  it('answers a refusal made before the first result with the refusal alone, and keeps the first of two refusals', async () => {
    const control = new OperationControl(socket().ws, true);
    const { results, state } = source([1, 2]);
    control.end(refusalError(4401, 'The bearer token expired; reconnect with a new token.'));
    control.end(refusalError(4420, 'Slow consumer.'));

    const stream = control.results(results);

    expect(await stream.next()).toEqual({ value: { errors: [refusalError(4401, 'The bearer token expired; reconnect with a new token.')] }, done: false });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(state.returned).toBe(true);
  });

  it('passes the source through unchanged while nothing refuses it, and returns it when the client completes', async () => {
    const control = new OperationControl(socket().ws, true);
    const { results, state } = source([1, 2]);
    const stream = control.results(results);

    expect(await stream.next()).toEqual({ value: { data: { value: 1 } }, done: false });
    expect(await stream.next()).toEqual({ value: { data: { value: 2 } }, done: false });
    await stream.return(undefined);

    expect(state.returned).toBe(true);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('on a gateway socket turns an error that ends the results into the last result, with its code and extensions', async () => {
    const control = new OperationControl(socket().ws, true);
    const failure = eventDeliveryFailed('cursor-7');
    const stream = control.results(failing(failure));

    const last = await stream.next();

    expect(last).toEqual({ value: { errors: [failure] }, done: false });
    expect(last.value?.errors?.[0]?.extensions).toMatchObject({ code: 'EVENT_DELIVERY_FAILED', resumeAfter: 'cursor-7' });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('on a direct socket lets an error that ends the results through, for graphql-ws to send as its error frame', async () => {
    const control = new OperationControl(socket().ws, false);
    const failure = eventDeliveryFailed('cursor-7');

    await expect(control.results(failing(failure)).next()).rejects.toBe(failure);
  });
});

/** A source whose next result is `error` thrown, as a stream that could not deliver an event ends. */
function failing(error: Error): AsyncGenerator<ExecutionResult, void, void> {
  return {
    next: async () => {
      throw error;
    },
    return: async () => ({ value: undefined, done: true }),
    throw: async (thrown: unknown) => {
      throw thrown;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  } as AsyncGenerator<ExecutionResult, void, void>;
}
