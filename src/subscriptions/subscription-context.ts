import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../auth/actor.js';
import type { RequestContext } from '../context.js';
import type { Loaders } from '../loaders/loaders.js';
import type { Runtime } from '../runtime.js';
import { createRound, type DeliveryRound, type EventHub } from './event-hub.js';

/** What a subscription may do to its socket. */
export interface SocketControl {
  bufferedAmount(): number;
  close(code: number, reason: string): void;
}

/**
 * The context of one subscription operation. Unlike a request context it is not frozen at
 * subscribe time: before each event is executed the stream points it at that event's delivery
 * round, so every field (freshness, readiness, truth) is resolved fresh and with the subscriber's
 * current authorization.
 */
export class SubscriptionContext implements RequestContext {
  readonly requestId = randomUUID();
  private round: DeliveryRound;
  private currentActor: Actor;

  constructor(
    readonly runtime: Runtime,
    actor: Actor,
    readonly hub: EventHub,
    readonly socket: SocketControl,
  ) {
    this.round = createRound(runtime);
    this.currentActor = actor;
  }

  get em(): EntityManager {
    return this.round.em;
  }

  get loaders(): Loaders {
    return this.round.loaders;
  }

  get now(): Date {
    return this.round.now;
  }

  get actor(): Actor {
    return this.currentActor;
  }

  /**
   * The result of executing `event` for the operation `operationKey` in the current round as this
   * subscription's user: computed by the first subscription that asks, shared with the others.
   */
  shared<T>(operationKey: string, event: unknown, compute: () => T): T {
    let results = this.round.executions.get(event);
    if (!results) {
      results = new Map();
      this.round.executions.set(event, results);
    }
    const key = `${this.currentActor.user.id}\n${operationKey}`;
    if (!results.has(key)) results.set(key, compute());
    return results.get(key) as T;
  }

  /** Points resolvers at the round (and authorization) an event is delivered in. */
  use(round: DeliveryRound, actor: Actor): void {
    this.round = round;
    this.currentActor = actor;
  }
}
