import type { Orm } from '../db/orm.js';
import type { OperationRunEvent } from '../entities/operation-run-event.js';
import { logger } from '../logger.js';
import type { RedisConnections } from '../redis/redis-connections.js';

/** The wake-up message sent on a workspace channel after an outbox row commits. */
export interface OutboxNotice {
  id: string;
  kind: string;
  runId: string;
  tenantId: string | null;
}

export function workspaceChannel(redisPrefix: string, workspaceId: string): string {
  return `${redisPrefix}:events:${workspaceId}`;
}

/**
 * Publishes committed outbox rows to Redis (one channel per workspace) and marks them published.
 * Publishing is best effort: a row that could not be published stays unpublished and the relay
 * publishes it later, so a crash between commit and publish loses nothing.
 */
export class EventOutbox {
  constructor(
    private readonly orm: Orm,
    private readonly redis: RedisConnections,
  ) {}

  async publish(events: readonly OperationRunEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      for (const event of events) {
        const notice: OutboxNotice = { id: String(event.id), kind: event.kind, runId: event.run, tenantId: event.tenant ?? null };
        await this.redis.commands.publish(workspaceChannel(this.redis.prefix, event.workspace), JSON.stringify(notice));
      }
      await this.orm.em
        .fork()
        .getConnection()
        .execute('update operation_run_events set published_at = now() where id in (?) and published_at is null', [
          events.map((event) => String(event.id)),
        ]);
    } catch (error) {
      logger.warn('outbox publish failed; the relay will publish these events', { error, events: events.length });
    }
  }
}
