import type { Actor } from '../modules/workspaces/auth/actor.js';
import { isAfter, type EventPosition } from '../outbox/position.js';
import { logger } from '../platform/logger.js';
import { SocketCloseCode } from './close-codes.js';
import { createRound } from './event-hub.js';
import type { EventSources } from '../outbox/sources.js';
import { EventStore, type StoredEvent } from '../outbox/reader.js';
import type { SubscriptionContext } from './subscription-context.js';
import { LAGGED, SubscriberQueue } from './subscriber-queue.js';

export interface StreamSpec {
  sources: EventSources;
  /** Resume strictly after this position; null to start live. */
  after: EventPosition | null;
  accepts(event: StoredEvent, actor: Actor): boolean;
}

export interface StreamLimits {
  /** Live events that may wait for a busy client; beyond that it catches up from the outbox. */
  queueCapacity: number;
  /** How long a client that fell behind may take to catch up before it counts as too slow. */
  lagGraceMs: number;
  /** Bytes the socket may hold unsent before the client counts as too slow. */
  maxBufferedBytes: number;
}

const HISTORY_PAGE = 500;

/** A subscription's event stream, which also knows where a client that lost it must resume. */
export interface EventStream extends AsyncIterableIterator<StoredEvent> {
  /**
   * The position up to which every event this subscriber may see has been taken by its consumer
   * (the event it is handling now excluded): resubscribing with `after:` it misses and repeats
   * nothing. Null only before a live stream has registered.
   */
  resumePoint(): EventPosition | null;
}

export function isEventStream(stream: object): stream is EventStream {
  return typeof (stream as Partial<EventStream>).resumePoint === 'function';
}

/**
 * A gap-free, duplicate-free event stream for one subscription. It registers with the hub first
 * (so live events are buffered from that moment), replays stored events after the client's cursor
 * up to the registration point, then continues live; positions only ever increase. A client that
 * falls more than a queue behind catches up from the outbox; one that has not caught up within the
 * grace period, or whose socket holds too much unsent data, is disconnected (4420).
 */
export function eventStream(context: SubscriptionContext, spec: StreamSpec, limits: StreamLimits): EventStream {
  const userId = context.caller.userId;
  const tooSlow = (why: string) => {
    logger.warn('disconnecting a slow subscriber', { userId, why });
    context.socket.close(SocketCloseCode.SlowConsumer, 'Slow consumer: events arrived faster than the client read them.');
  };
  const hubListener = { unregister: () => undefined as void };
  // A client that stopped reading never takes its next event, so expiry also ends the queue (and
  // unregisters) itself instead of waiting for the socket's closing handshake.
  const lag = new LagDeadline(limits.lagGraceMs, () => {
    tooSlow(`still behind after ${limits.lagGraceMs} ms`);
    void queue.return();
  });
  const queue: SubscriberQueue<LiveItem> = new SubscriberQueue<LiveItem>(
    limits.queueCapacity,
    () => lag.start(),
    () => {
      lag.clear();
      hubListener.unregister();
    },
  );
  // An event counts as taken once the consumer asks for the next one (graphql-ws sends a result
  // before it does); the position of the event in its hands is held back until then.
  const progress: StreamProgress = { taken: spec.after, inHand: null };
  const events = streamEvents(context, spec, limits, queue, hubListener, lag, tooSlow, progress);
  return {
    next: async () => {
      if (progress.inHand) progress.taken = progress.inHand;
      progress.inHand = null;
      const step = await events.next();
      if (!step.done) progress.inHand = step.value.position;
      return step;
    },
    resumePoint: () => progress.taken,
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

interface StreamProgress {
  taken: EventPosition | null;
  inHand: EventPosition | null;
}

/** Runs `onExpired` unless the lagging client catches up in time; the deadline is not moved by lagging again. */
class LagDeadline {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly graceMs: number,
    private readonly onExpired: () => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setTimeout(this.onExpired, this.graceMs);
    this.timer.unref();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

async function* streamEvents(
  context: SubscriptionContext,
  spec: StreamSpec,
  limits: StreamLimits,
  queue: SubscriberQueue<LiveItem>,
  hubListener: { unregister: () => void },
  lag: LagDeadline,
  tooSlow: (why: string) => void,
  progress: StreamProgress,
): AsyncGenerator<StoredEvent> {
  const registration = await context.hub.register({
    userId: context.caller.userId,
    sources: spec.sources,
    accepts: spec.accepts,
    deliver: (event, round, actor) => queue.push({ event, round, actor }),
    userGone: () => context.caller.gone(),
  });
  hubListener.unregister = registration.unregister;
  progress.taken ??= registration.position;
  try {
    let last: EventPosition | null = registration.position;
    if (spec.after) {
      last = yield* replayStored(context, spec, spec.after, registration.position);
      if (!last) return;
    }
    for (;;) {
      const item = await queue.next();
      if (item.done) return;
      if (item.value === LAGGED) {
        // Live events are accepted again before the outbox is read, so none falls between the two;
        // those the read already delivered are skipped below by position.
        queue.resume();
        last = yield* replayStored(context, spec, last, null);
        if (!last) return;
        if (!queue.lagging) lag.clear();
        continue;
      }
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

/**
 * Yields the stored events after `after` (up to `until`, or everything settled when null) that the
 * subscriber may see, judged page by page with their authorization as it is now. Returns the last
 * position inspected, or null when the subscriber's account no longer exists.
 */
async function* replayStored(
  context: SubscriptionContext,
  spec: StreamSpec,
  after: EventPosition,
  until: EventPosition | null,
): AsyncGenerator<StoredEvent, EventPosition | null> {
  const store = new EventStore(() => context.runtime.orm.em.fork());
  let last = after;
  for (;;) {
    const { events } = await store.readSettled(spec.sources, last, HISTORY_PAGE);
    const page = until ? events.filter((event) => !isAfter(event.position, until)) : events;
    if (page.length === 0) break;
    const round = createRound(context.runtime);
    const actor = await round.actors.load(context.caller.userId);
    if (!actor) {
      context.caller.gone();
      return null;
    }
    for (const event of page) {
      last = event.position;
      if (!spec.accepts(event, actor)) continue;
      context.use(round, actor);
      yield event;
    }
    if (page.length < events.length || events.length < HISTORY_PAGE) break;
  }
  return until && isAfter(until, last) ? until : last;
}
