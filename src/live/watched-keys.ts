const NONE: ReadonlySet<never> = new Set();

/**
 * The subscriptions of one process that follow each key (a workspace, a recipient), and the Redis
 * channel of each key: a channel is subscribed when its first follower arrives and unsubscribed
 * when its last one leaves. The event hub fans an event out to the followers of its keys only.
 */
export class WatchedKeys<T> {
  private readonly followers = new Map<string, Set<T>>();

  constructor(private readonly channelOf: (key: string) => string) {}

  get size(): number {
    return this.followers.size;
  }

  keys(): string[] {
    return [...this.followers.keys()];
  }

  followersOf(key: string | null): ReadonlySet<T> {
    return (key !== null && this.followers.get(key)) || NONE;
  }

  /** Adds `follower` to each key; returns the channels that were not watched before. */
  add(keys: readonly string[], follower: T): string[] {
    const added: string[] = [];
    for (const key of keys) {
      const set = this.followers.get(key);
      if (set) set.add(follower);
      else {
        this.followers.set(key, new Set([follower]));
        added.push(this.channelOf(key));
      }
    }
    return added;
  }

  /** Removes `follower` from each key; returns the channels no one watches any more. */
  remove(keys: readonly string[], follower: T): string[] {
    const removed: string[] = [];
    for (const key of keys) {
      const set = this.followers.get(key);
      if (!set?.delete(follower) || set.size > 0) continue;
      this.followers.delete(key);
      removed.push(this.channelOf(key));
    }
    return removed;
  }
}
