import type { RedisClientType } from 'redis';
import type { RedisConnections } from '../../src/platform/redis/redis-connections.js';
import { workspaceChannel, type OutboxNotice } from '../../src/outbox/publisher.js';
import { Tally } from './tally.js';

/**
 * Listens to a workspace's event channel the way a subscription server does: it sees a run event
 * only after its outbox row committed and was published. Counts notices by kind and per run.
 */
export class WorkspaceEvents {
  readonly tally = new Tally();

  private constructor(private readonly subscriber: RedisClientType) {}

  static async listen(redis: RedisConnections, workspaceId: string): Promise<WorkspaceEvents> {
    const subscriber: RedisClientType = redis.commands.duplicate();
    subscriber.on('error', () => undefined);
    await subscriber.connect();
    const events = new WorkspaceEvents(subscriber);
    await subscriber.subscribe(workspaceChannel(redis.prefix, workspaceId), (message) => {
      const notice = JSON.parse(message) as OutboxNotice;
      events.tally.add(notice.kind);
      events.tally.add(WorkspaceEvents.key(notice.runId, notice.kind));
    });
    return events;
  }

  /** The tally name under which notices of one run and kind are counted. */
  static key(runId: string, kind: string): string {
    return `${runId}:${kind}`;
  }

  async close(): Promise<void> {
    if (this.subscriber.isOpen) await this.subscriber.quit();
  }
}
