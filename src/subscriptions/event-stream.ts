import type { Actor } from '../auth/actor.js';
import { isAfter, type EventPosition } from '../domain/event-position.js';
import { logger } from '../logger.js';
import { createRound } from './event-hub.js';
import type { EventSources } from './event-sources.js';
import { EventStore, type StoredEvent } from './event-store.js';
import type { SubscriptionContext } from './subscription-context.js';
import { SubscriberQueue } from './subscriber-queue.js';

export interface StreamSpec {
  sources: EventSources;
  /** Resume strictly after this position; null to start live. */
  after: EventPosition | null;
  accepts(event: StoredEvent, actor: Actor): boolean;
}

export interface StreamLimits {
  /** Events that may wait for a slow client before it is disconnected. */
  queueCapacity: number;
  /** Bytes the socket may hold unsent before the client counts as too slow. */
  maxBufferedBytes: number;
}

export const SLOW_CONSUMER_CLOSE_CODE = 4420;
const HISTORY_PAGE = 500;

/**
 * A gap-free, duplicate-free event stream for one subscription. It registers with the hub first
 * (so live events are buffered from that moment), replays stored events after the client's cursor
 * up to the registration point, then continues live; positions only ever increase.
 */
export function eventStream(context: SubscriptionContext, spec: StreamSpec, limits: StreamLimits): AsyncIterableIterator<StoredEvent> {
  const userId = context.actor.user.id;
  const tooSlow = (why: string) => {
    logger.warn('disconnecting a slow subscriber', { userId, why });
    context.socket.close(SLOW_CONSUMER_CLOSE_CODE, 'Slow consumer: events arrived faster than the client read them.');
  };
  const hubListener = { unregister: () => undefined as void };
  const queue = new SubscriberQueue<LiveItem>(
    limits.queueCapacity,
    () => tooSlow('queue overflow'),
    () => hubListener.unregister(),
  );
  const events = streamEvents(context, spec, limits, queue, hubListener, tooSlow);
  return {
    next: () => events.next(),
    // A generator parked on `await queue.next()` would only see return() at its next yield, i.e.
    // never on a quiet workspace: close the queue first so the subscription unregisters at once.
    return: async () => {
      await queue.return();
      return events.return(undefined);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

type LiveItem = { event: StoredEvent; round: ReturnType<typeof createRound>; actor: Actor };

async function* streamEvents(
  context: SubscriptionContext,
  spec: StreamSpec,
  limits: StreamLimits,
  queue: SubscriberQueue<LiveItem>,
  hubListener: { unregister: () => void },
  tooSlow: (why: string) => void,
): AsyncGenerator<StoredEvent> {
  const userId = context.actor.user.id;
  const registration = await context.hub.register({
    userId,
    sources: spec.sources,
    accepts: spec.accepts,
    deliver: (event, round, actor) => queue.push({ event, round, actor }),
  });
  hubListener.unregister = registration.unregister;
  try {
    let last = registration.position;
    if (spec.after) {
      last = spec.after;
      const store = new EventStore(() => context.runtime.orm.em.fork());
      for (;;) {
        const { events } = await store.readSettled(spec.sources, last, HISTORY_PAGE);
        const page = events.filter((event) => !isAfter(event.position, registration.position));
        if (page.length === 0) break;
        const round = createRound(context.runtime);
        const actor = await round.actors.load(userId);
        if (!actor) return;
        for (const event of page) {
          last = event.position;
          if (!spec.accepts(event, actor)) continue;
          context.use(round, actor);
          yield event;
        }
        if (page.length < events.length || events.length < HISTORY_PAGE) break;
      }
      if (isAfter(registration.position, last)) last = registration.position;
    }
    for (;;) {
      const item = await queue.next();
      if (item.done) return;
      const { event, round, actor } = item.value;
      if (!isAfter(event.position, last)) continue;
      if (context.socket.bufferedAmount() > limits.maxBufferedBytes) {
        tooSlow('socket buffer full');
        return;
      }
      last = event.position;
      context.use(round, actor);
      yield event;
    }
  } finally {
    await queue.return();
    // The queue may have been closed while registering, before it could unregister.
    registration.unregister();
  }
}
