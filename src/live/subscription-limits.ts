import type { GraphQLError } from 'graphql';
import type { AppConfig } from '../platform/config.js';
import { subscriptionLimit } from './refusals.js';

type Limits = AppConfig['subscriptions'];

/** What the limits count for one socket. */
export interface CountedSocket<T> {
  gateway: boolean;
  /** Operations running on the socket, by graphql-ws operation id. */
  operations: Map<string, T>;
}

/**
 * The fairness limits of one API process. A direct socket is one client: it may run
 * MAX_SUBSCRIPTIONS_PER_SOCKET operations, and one token may hold MAX_SOCKETS_PER_TOKEN sockets. A
 * gateway multiplexes: Hive Gateway puts every subscription of one token on one socket, Apollo
 * Router opens one socket per subscription, so per-socket and per-token socket counts would limit
 * users by the gateway's topology. Gateway sockets are therefore limited only by
 * MAX_SUBSCRIPTIONS_PER_USER, which applies to every user over all their sockets of either kind.
 */
export class SubscriptionLimits {
  private readonly socketsPerToken = new Map<string, number>();
  private readonly operationsPerUser = new Map<string, number>();

  constructor(private readonly limits: Limits) {}

  /** Counts a direct socket of `token` in, or answers false when the token already holds the most. */
  admitDirectSocket(token: string): boolean {
    const open = this.socketsPerToken.get(token) ?? 0;
    if (open >= this.limits.maxSocketsPerToken) return false;
    this.socketsPerToken.set(token, open + 1);
    return true;
  }

  releaseDirectSocket(token: string): void {
    const open = (this.socketsPerToken.get(token) ?? 1) - 1;
    if (open > 0) this.socketsPerToken.set(token, open);
    else this.socketsPerToken.delete(token);
  }

  /**
   * Reserves a slot for operation `id` of `userId` on `socket` at once (before anything awaits, so
   * operations started together cannot overshoot), or returns the refusal. `value` is what the
   * socket keeps for the operation.
   */
  reserve<T>(socket: CountedSocket<T>, userId: string, id: string, value: T): GraphQLError | null {
    const { maxSubscriptionsPerSocket: perSocket, maxSubscriptionsPerUser: perUser } = this.limits;
    if (!socket.gateway && socket.operations.size >= perSocket) {
      return subscriptionLimit(`At most ${perSocket} operations may run on one socket; complete some first.`);
    }
    const running = this.operationsPerUser.get(userId) ?? 0;
    if (running >= perUser) {
      return subscriptionLimit(`At most ${perUser} subscriptions may run at once for one user, over all their connections; complete some first.`);
    }
    this.operationsPerUser.set(userId, running + 1);
    socket.operations.set(id, value);
    return null;
  }

  /** Frees the slot of operation `id`; releasing an operation that holds none does nothing. */
  release<T>(socket: CountedSocket<T>, userId: string, id: string): void {
    if (!socket.operations.delete(id)) return;
    const running = (this.operationsPerUser.get(userId) ?? 1) - 1;
    if (running > 0) this.operationsPerUser.set(userId, running);
    else this.operationsPerUser.delete(userId);
  }
}
