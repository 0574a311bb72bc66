/** Returned by `next()` after the queue overflowed and dropped its items: the reader must re-read them from the outbox. */
export const LAGGED: unique symbol = Symbol('lagged');

/**
 * A bounded hand-off between the event hub and one subscription. Events wait here while the
 * client is busy. When more than `capacity` wait, the queue does not grow: it drops what it holds,
 * ignores further events and tells its reader (`LAGGED`) to catch up from the outbox, where every
 * dropped event is stored, then `resume()` live delivery. Memory stays bounded however large a
 * burst is, and a reader that merely fell behind is never disconnected for it.
 */
export class SubscriberQueue<T> implements AsyncIterator<T | typeof LAGGED> {
  private readonly buffer: T[] = [];
  private waiting: ((result: IteratorResult<T | typeof LAGGED>) => void) | null = null;
  private closed = false;
  private isLagging = false;

  constructor(
    private readonly capacity: number,
    private readonly onLagging: () => void,
    private readonly onClose: () => void,
  ) {}

  push(item: T): void {
    if (this.closed || this.isLagging) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: item, done: false });
      return;
    }
    if (this.buffer.length >= this.capacity) {
      this.isLagging = true;
      this.buffer.length = 0;
      this.onLagging();
      return;
    }
    this.buffer.push(item);
  }

  get size(): number {
    return this.buffer.length;
  }

  /** Whether events are being dropped until the reader catches up and resumes. */
  get lagging(): boolean {
    return this.isLagging;
  }

  /** Accepts live events again; call before re-reading the outbox, so nothing falls between the two. */
  resume(): void {
    this.isLagging = false;
  }

  next(): Promise<IteratorResult<T | typeof LAGGED>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift()!, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    if (this.isLagging) return Promise.resolve({ value: LAGGED, done: false });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  async return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.closed = true;
      this.buffer.length = 0;
      this.onClose();
      this.waiting?.({ value: undefined, done: true });
      this.waiting = null;
    }
    return { value: undefined, done: true };
  }
}
