import type { Orm } from '../platform/db/orm.js';
import type { OperationRunEvent } from './event-row.js';
import { logger } from '../platform/logger.js';
import type { RedisConnections } from '../platform/redis/redis-connections.js';
import { withTimeout } from '../platform/with-timeout.js';

/** The wake-up message sent on a workspace (and recipient) channel after an outbox row commits. */
export interface OutboxNotice {
  id: string;
  kind: string;
  runId: string;
  tenantId: string | null;
}

export function workspaceChannel(redisPrefix: string, workspaceId: string): string {
  return `${redisPrefix}:events:${workspaceId}`;
}

/** The channel that wakes readers of the events addressed to one user (notifications). */
export function recipientChannel(redisPrefix: string, userId: string): string {
  return `${redisPrefix}:events:user:${userId}`;
}

/** What publishing needs of a committed outbox row. */
export type OutboxRow = Pick<OperationRunEvent, 'id' | 'kind' | 'run' | 'workspace' | 'tenant' | 'recipient' | 'payload'>;

/** Published rows are marked in one statement per this interval rather than one commit per event. */
const MARK_PUBLISHED_DELAY_MS = 25;

/**
 * Publishes committed outbox rows to Redis (one channel per workspace, and one per recipient for
 * notifications) and marks them published.
 * Publishing is best effort and bounded: a row that could not be published within
 * `publishTimeoutMs` (Redis down, or frozen: accepting connections but not answering), or whose mark
 * was lost with its process, stays unpublished and the relay publishes it again; subscribers read
 * events from the database in position order, so a repeated wake-up never duplicates an event.
 */
export class EventOutbox {
  private pending: string[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly orm: Orm,
    private readonly redis: RedisConnections,
    private readonly publishTimeoutMs = 2000,
  ) {}

  async publish(events: readonly OutboxRow[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await withTimeout(
        Promise.all(
          events.flatMap((event) => {
            const notice = JSON.stringify({ id: String(event.id), kind: event.kind, runId: event.run, tenantId: event.tenant ?? null } satisfies OutboxNotice);
            const channels = [workspaceChannel(this.redis.prefix, event.workspace)];
            if (event.recipient) channels.push(recipientChannel(this.redis.prefix, event.recipient));
            return channels.map((channel) => this.redis.commands.publish(channel, notice));
          }),
        ),
        this.publishTimeoutMs,
        'publish outbox events',
      );
    } catch (error) {
      logger.warn('outbox publish failed; the relay will publish these events', { error, events: events.length });
      return;
    }
    this.pending.push(...events.map((event) => String(event.id)));
    this.flushTimer ??= setTimeout(() => void this.markPublished(), MARK_PUBLISHED_DELAY_MS);
  }

  /**
   * Publishes without making the caller wait for Redis (the rows are committed; the wake-ups only
   * speed readers up). `flush()` waits for the publishes still on their way.
   */
  dispatch(events: readonly OutboxRow[]): void {
    if (events.length === 0) return;
    const publishing: Promise<void> = this.publish(events).finally(() => this.inFlight.delete(publishing));
    this.inFlight.add(publishing);
  }

  /** Waits for dispatched publishes, then writes the pending published marks; called on shutdown. */
  async flush(): Promise<void> {
    await Promise.all([...this.inFlight]);
    await this.markPublished();
  }

  private markPublished(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const ids = this.pending;
    this.pending = [];
    if (ids.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() =>
      this.orm.em
        .fork()
        .getConnection()
        .execute('update operation_run_events set published_at = now() where id in (?) and published_at is null', [ids])
        .then(
          () => undefined,
          (error: unknown) => logger.warn('could not mark outbox events published; the relay will publish them again', { error }),
        ),
    );
    return this.flushing;
  }
}
