import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RedisClientType } from 'redis';
import type { Actor } from '../modules/workspaces/auth/actor.js';
import { loadActors } from '../modules/workspaces/auth/actors-loader.js';
import { isAfter, type EventPosition } from '../outbox/position.js';
import type { Loaders } from '../platform/graphql/loaders.js';
import { logger } from '../platform/logger.js';
import type { Runtime } from '../platform/runtime.js';
import { recipientChannel, workspaceChannel } from '../outbox/publisher.js';
import { eventFollowers, type EventSources } from '../outbox/sources.js';
import { WatchedKeys } from './watched-keys.js';
import { EventStore, type StoredEvent } from '../outbox/reader.js';

/**
 * Everything one batch of deliveries resolves against: a fresh entity manager and loaders shared by
 * every subscriber (so a thousand subscribers load a run once), the clock, and each subscriber's
 * current authorization.
 */
export interface DeliveryRound {
  em: EntityManager;
  loaders: Loaders;
  now: Date;
  actors: DataLoader<string, Actor | null>;
  /** Execution results per event and per user and operation, shared by identical subscriptions. */
  executions: Map<unknown, Map<string, unknown>>;
}

export function createRound(runtime: Runtime): DeliveryRound {
  const em = runtime.orm.em.fork();
  return {
    em,
    loaders: runtime.loaders(em),
    now: new Date(),
    actors: new DataLoader(async (userIds) => {
      const actors = await loadActors(em, userIds);
      return userIds.map((id) => actors.get(id) ?? null);
    }),
    executions: new Map(),
  };
}

export interface HubListener {
  userId: string;
  sources: EventSources;
  /** Whether the event may be sent to this subscriber, judged with its authorization as it is now. */
  accepts(event: StoredEvent, actor: Actor): boolean;
  deliver(event: StoredEvent, round: DeliveryRound, actor: Actor): void;
  /** The subscriber's account no longer exists (found when a round loads it). */
  userGone(): void;
}

export interface HubOptions {
  /** Safety net: how often the tail re-reads even without a Redis wake-up (lost messages, relay lag). */
  pollIntervalMs: number;
  batchSize: number;
}

/**
 * One per API process: a single tail over the outbox for every workspace that has a subscriber
 * here. Redis messages (one channel per workspace) wake it; it reads settled events in position
 * order from PostgreSQL and hands each to the subscribers allowed to see it. Because delivery is
 * driven by the database and not by the message contents, a lost or duplicated Redis message can
 * delay an event but never lose, reorder or duplicate it.
 */
export class EventHub {
  private readonly store: EventStore;
  private readonly listeners = new Set<HubListener>();
  private readonly workspaces: WatchedKeys<HubListener>;
  private readonly recipients: WatchedKeys<HubListener>;
  private position: EventPosition | null = null;
  private redis: RedisClientType | null = null;
  private reading = false;
  private readAgain = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs = 0;
  private stopped = false;
  private failedReads = 0;
  /** Serializes tail reads with registrations, so a newly watched workspace never misses events. */
  private exclusive: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly runtime: Runtime,
    private readonly options: HubOptions,
  ) {
    this.store = new EventStore(() => runtime.orm.em.fork());
    this.workspaces = new WatchedKeys((id) => workspaceChannel(runtime.redis.prefix, id));
    this.recipients = new WatchedKeys((id) => recipientChannel(runtime.redis.prefix, id));
  }

  async start(): Promise<void> {
    const client = this.runtime.redis.commands.duplicate() as RedisClientType;
    client.on('error', (error: unknown) => logger.warn('event hub Redis connection error', { error }));
    await client.connect();
    this.redis = client;
    this.pollTimer = setInterval(() => {
      if (this.watching) this.wake();
    }, this.options.pollIntervalMs);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.listeners.clear();
    if (this.redis?.isOpen) await this.redis.quit().catch(() => undefined);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Tail reads that failed (and were retried from the same position) since the hub started. */
  get readFailures(): number {
    return this.failedReads;
  }

  private get watching(): boolean {
    return this.workspaces.size > 0 || this.recipients.size > 0;
  }

  /** Registers a listener; events after the returned position will be delivered to it live. */
  async register(listener: HubListener): Promise<{ position: EventPosition; unregister: () => void }> {
    const { position, subscribeTo } = await this.runExclusive(async () => {
      if (!this.position || !this.watching) this.position = await this.store.settledHead();
      this.listeners.add(listener);
      const added = [...this.workspaces.add(listener.sources.workspaceIds, listener), ...this.recipients.add(listener.sources.recipientIds, listener)];
      return { position: this.position, subscribeTo: added };
    });
    for (const channel of subscribeTo) await this.redis?.subscribe(channel, () => this.wake());
    let registered = true;
    return {
      position,
      unregister: () => {
        if (!registered) return;
        registered = false;
        this.listeners.delete(listener);
        const unwatched = [
          ...this.workspaces.remove(listener.sources.workspaceIds, listener),
          ...this.recipients.remove(listener.sources.recipientIds, listener),
        ];
        for (const channel of unwatched) void this.redis?.unsubscribe(channel).catch(() => undefined);
      },
    };
  }

  private runExclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.exclusive.then(work, work);
    this.exclusive = result.catch(() => undefined);
    return result;
  }

  /** Asks the tail to read; coalesces wake-ups that arrive while a read is running. */
  wake(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    void this.read();
  }

  private async read(): Promise<void> {
    this.reading = true;
    try {
      await this.runExclusive(() => this.readAll());
    } catch (error) {
      this.failedReads++;
      logger.warn('event hub read failed; the next wake-up or poll retries', { error });
    } finally {
      this.reading = false;
      if (this.readAgain) {
        this.readAgain = false;
        this.wake();
      }
    }
  }

  private async readAll(): Promise<void> {
    for (;;) {
      if (!this.watching || !this.position) return;
      const sources = { workspaceIds: this.workspaces.keys(), recipientIds: this.recipients.keys() };
      const { events, head, pending } = await this.store.readSettled(sources, this.position, this.options.batchSize);
      if (events.length > 0) {
        await this.dispatch(events);
        this.position = events.at(-1)!.position;
      }
      if (events.length < this.options.batchSize) {
        // Everything settled has been read: move up to the settled head, so a workspace watched
        // from now on starts at the present rather than at this tail's last event.
        if (isAfter(head, this.position)) this.position = head;
        this.scheduleRetryIfPending(pending);
        return;
      }
    }
  }

  /**
   * Committed events that are not settled yet (an older transaction is still open) are read again
   * shortly, backing off up to the poll interval.
   */
  private scheduleRetryIfPending(pending: boolean): void {
    if (!pending) {
      this.retryDelayMs = 0;
      return;
    }
    if (this.retryTimer) return;
    this.retryDelayMs = Math.min(this.options.pollIntervalMs, Math.max(5, this.retryDelayMs * 2));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.wake();
    }, this.retryDelayMs);
    this.retryTimer.unref();
  }

  /**
   * Hands each event to the subscribers of its workspace or recipient that may see it, in one round
   * for the whole batch: the entitlements of those subscribers' users are loaded once, now. A
   * subscriber whose user no longer exists is told so (its socket is refused).
   */
  private async dispatch(events: StoredEvent[]): Promise<void> {
    const followers = events.map((event) => [
      ...eventFollowers(
        event,
        (id) => this.workspaces.followersOf(id),
        (id) => this.recipients.followersOf(id),
      ),
    ]);
    const userIds = [...new Set(followers.flatMap((listeners) => listeners.map((listener) => listener.userId)))];
    if (userIds.length === 0) return;
    const round = createRound(this.runtime);
    const actors = await round.actors.loadMany(userIds);
    const actorOf = new Map<string, Actor | null>();
    userIds.forEach((userId, index) => {
      const actor = actors[index];
      // Nothing is delivered yet: the read fails and is retried from the same position.
      if (actor instanceof Error) throw actor;
      actorOf.set(userId, actor ?? null);
    });
    const gone = new Set<HubListener>();
    events.forEach((event, index) => {
      for (const listener of followers[index]!) {
        const actor = actorOf.get(listener.userId);
        if (!actor) gone.add(listener);
        else if (listener.accepts(event, actor)) listener.deliver(event, round, actor);
      }
    });
    for (const listener of gone) listener.userGone();
  }
}
