import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../modules/workspaces/auth/actor.js';
import type { RequestContext } from '../platform/graphql/request-context.js';
import type { Loaders } from '../platform/graphql/loaders.js';
import type { Runtime } from '../platform/runtime.js';
import { createRound, type DeliveryRound, type EventHub } from './event-hub.js';
import type { SocketCaller } from './socket-caller.js';

/** What a subscription may do to its socket. */
export interface SocketControl {
  bufferedAmount(): number;
  close(code: number, reason: string): void;
}

/**
 * The context of one subscription operation. It holds no database session of its own: an idle
 * subscription costs no entity manager and no loaders. Before each event is executed the stream
 * points it at that event's delivery round (an entity manager, loaders and clock shared by every
 * subscriber of the batch) and the subscriber's authorization loaded for that round, and lets go
 * of them once the event is resolved, so every field (freshness, readiness, truth) is resolved
 * fresh, with the subscriber's current authorization. While the operation subscribes, fields that
 * need the database (a tenant or run argument to check) get a short-lived round of their own.
 */
export class SubscriptionContext implements RequestContext {
  private round: DeliveryRound | null = null;
  private roundActor: Actor | null = null;
  private id: string | null = null;

  constructor(
    readonly runtime: Runtime,
    readonly caller: SocketCaller,
    readonly hub: EventHub,
    readonly socket: SocketControl,
  ) {}

  get requestId(): string {
    return (this.id ??= randomUUID());
  }

  get em(): EntityManager {
    return this.currentRound().em;
  }

  get loaders(): Loaders {
    return this.currentRound().loaders;
  }

  get now(): Date {
    return this.currentRound().now;
  }

  /** The subscriber's authorization: as loaded for the event being resolved, else the socket's latest. */
  get actor(): Actor {
    return this.roundActor ?? this.caller.actor;
  }

  /**
   * The result of executing `event` for the operation `operationKey` in the current round as this
   * subscription's user: computed by the first subscription that asks, shared with the others.
   */
  shared<T>(operationKey: string, event: unknown, compute: () => T): T {
    const executions = this.currentRound().executions;
    let results = executions.get(event);
    if (!results) {
      results = new Map();
      executions.set(event, results);
    }
    const key = `${this.actor.user.id}\n${operationKey}`;
    if (!results.has(key)) results.set(key, compute());
    return results.get(key) as T;
  }

  /** Points resolvers at the round (and authorization) an event is delivered in. */
  use(round: DeliveryRound, actor: Actor): void {
    this.round = round;
    this.roundActor = actor;
    this.caller.refreshed(actor);
  }

  /** Lets go of the round once the event (or the subscribe-time checks) no longer needs it. */
  release(): void {
    this.round = null;
    this.roundActor = null;
  }

  private currentRound(): DeliveryRound {
    return (this.round ??= createRound(this.runtime));
  }
}
