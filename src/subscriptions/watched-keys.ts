/**
 * How many subscriptions of one process follow each key (a workspace, a recipient), and the Redis
 * channel of each key: a channel is subscribed when its first follower arrives and unsubscribed
 * when its last one leaves.
 */
export class WatchedKeys {
  private readonly counts = new Map<string, number>();

  constructor(private readonly channelOf: (key: string) => string) {}

  get size(): number {
    return this.counts.size;
  }

  keys(): string[] {
    return [...this.counts.keys()];
  }

  /** Counts one more follower of each key; returns the channels that were not watched before. */
  add(keys: readonly string[]): string[] {
    return keys.filter((key) => this.change(key, 1) === 1).map(this.channelOf);
  }

  /** Counts one follower less of each key; returns the channels no one watches any more. */
  remove(keys: readonly string[]): string[] {
    return keys.filter((key) => this.change(key, -1) === 0).map(this.channelOf);
  }

  private change(key: string, by: number): number {
    const count = (this.counts.get(key) ?? 0) + by;
    if (count > 0) this.counts.set(key, count);
    else this.counts.delete(key);
    return count;
  }
}
