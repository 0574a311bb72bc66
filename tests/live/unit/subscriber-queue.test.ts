import { describe, expect, it } from 'vitest';
import { LAGGED, SubscriberQueue } from '../../../src/live/subscriber-queue.js';

const queueOf = (capacity: number) => {
  const calls = { lagging: 0, closed: 0 };
  const queue = new SubscriberQueue<number>(
    capacity,
    () => void calls.lagging++,
    () => void calls.closed++,
  );
  return { queue, calls };
};

describe('the subscriber queue', () => {
  it('hands events over in order, directly to a waiting reader or from its buffer', async () => {
    const { queue } = queueOf(3);
    const waiting = queue.next();
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(await waiting).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
    expect(await queue.next()).toEqual({ value: 3, done: false });
  });

  it('beyond its capacity drops what it holds, ignores further events and tells the reader to catch up, once', async () => {
    const { queue, calls } = queueOf(2);
    for (const item of [1, 2, 3, 4, 5]) queue.push(item);
    expect(calls.lagging).toBe(1);
    expect(queue.size).toBe(0);
    expect(queue.lagging).toBe(true);
    expect(await queue.next()).toEqual({ value: LAGGED, done: false });
    expect(await queue.next()).toEqual({ value: LAGGED, done: false });
  });

  it('accepts live events again after resume', async () => {
    const { queue } = queueOf(1);
    for (const item of [1, 2]) queue.push(item);
    queue.resume();
    expect(queue.lagging).toBe(false);
    queue.push(7);
    expect(await queue.next()).toEqual({ value: 7, done: false });
  });

  it('once returned ends its reader, ignores events and reports the close once', async () => {
    const { queue, calls } = queueOf(2);
    const waiting = queue.next();
    await queue.return();
    await queue.return();
    queue.push(1);
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await queue.next()).toEqual({ value: undefined, done: true });
    expect(calls.closed).toBe(1);
  });
});
