import type { Actor } from '../modules/workspaces/auth/actor.js';

type LoadActors = (userIds: string[]) => Promise<Map<string, Actor | null>>;

interface Waiter {
  resolve(actor: Actor | null): void;
  reject(error: unknown): void;
}

/** Users whose entitlements one load reads at most. */
const MAX_BATCH = 500;

/**
 * Loads the entitlements of sockets authenticating in `connection_init`, batching those that
 * arrive together: at most one load runs at a time, and every socket that arrives meanwhile (or in
 * the same turn of the event loop) is served by the next one. Each socket's entitlements are read
 * after it arrived, so none is older than its socket; a reconnect storm costs a few loads instead
 * of one per socket, and a socket that arrives alone is loaded at once.
 */
export class ConnectionEntitlements {
  private waiting = new Map<string, Waiter[]>();
  private loading = false;
  private scheduled = false;

  constructor(private readonly loadActors: LoadActors) {}

  /** The user's entitlements, or null when the user no longer exists; rejects when they cannot be read now. */
  load(userId: string): Promise<Actor | null> {
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(userId);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(userId, [{ resolve, reject }]);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.loading || this.scheduled || this.waiting.size === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = new Map<string, Waiter[]>();
    for (const [userId, waiters] of this.waiting) {
      if (batch.size === MAX_BATCH) break;
      batch.set(userId, waiters);
      this.waiting.delete(userId);
    }
    this.loading = true;
    try {
      const actors = await this.loadActors([...batch.keys()]);
      for (const [userId, waiters] of batch) for (const waiter of waiters) waiter.resolve(actors.get(userId) ?? null);
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    } finally {
      this.loading = false;
      this.schedule();
    }
  }
}
