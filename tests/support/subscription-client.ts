import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLErrorShape } from './test-app.js';
import { waitFor } from './wait-for.js';

export interface CloseInfo {
  code: number;
  reason: string;
}

/**
 * One subscription operation: every event it received (the value of its root field), the GraphQL
 * errors it ended with, and the close of its socket when that ended it.
 */
export class SubscriptionFeed<TEvent> {
  readonly events: TEvent[] = [];
  readonly errors: GraphQLErrorShape[] = [];
  /** Set when the operation ended because its socket closed. */
  closedBy: CloseInfo | null = null;
  /** How the server ended the operation: `complete` (after its last result) or an `error` frame; null while it runs. */
  ending: 'complete' | 'error' | null = null;

  constructor(private readonly stop: () => void) {}

  /** Resolves with all events once at least `count` arrived. */
  async waitForEvents(count: number, timeoutMs = 20_000): Promise<TEvent[]> {
    return waitFor(async () => this.events.length >= count && this.events, timeoutMs, 25, `${count} events`);
  }

  /**
   * Proves what a stream held before a marker, instead of lingering to see whether anything else
   * arrives: cause an event the subscription receives (the marker) after the events under test,
   * then this waits for it and returns the events before it. A stream is ordered, so a duplicate or
   * an event that should not have been sent would have arrived before the marker.
   */
  async eventsBefore(isMarker: (event: TEvent) => boolean, timeoutMs = 60_000): Promise<TEvent[]> {
    const end = await waitFor(
      async () => {
        const index = this.events.findIndex(isMarker);
        return index >= 0 ? { index } : undefined;
      },
      timeoutMs,
      25,
      'the marker event',
    );
    return this.events.slice(0, end.index);
  }

  /** Resolves with the errors once the operation failed. */
  async waitForErrors(timeoutMs = 20_000): Promise<GraphQLErrorShape[]> {
    return waitFor(async () => this.errors.length > 0 && this.errors, timeoutMs, 25, 'subscription errors');
  }

  /** Resolves with the errors of an operation the server refused with a result and then completed. */
  async waitForRefusal(timeoutMs = 20_000): Promise<GraphQLErrorShape[]> {
    return waitFor(async () => this.ending === 'complete' && this.errors.length > 0 && this.errors, timeoutMs, 25, 'a refusal result and complete');
  }

  unsubscribe(): void {
    this.stop();
  }
}

function closeInfo(value: unknown): CloseInfo | null {
  if (typeof value === 'object' && value !== null && typeof (value as CloseInfo).code === 'number') {
    return { code: (value as CloseInfo).code, reason: String((value as CloseInfo).reason ?? '') };
  }
  return null;
}

/** A WebSocket whose upgrade request carries `headers`, as a gateway's does. */
export function webSocketWithHeaders(headers: Record<string, string>): new (url: string, protocols?: string | string[]) => WebSocket {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  };
}

/**
 * A graphql-ws socket authenticated with `token` in `connection_init` (none when null). It never
 * reconnects, so how the server closed it stays observable. `headers` go on the upgrade request.
 */
export class SubscriptionSocket {
  private closeEvent: CloseInfo | null = null;
  private readonly client: Client;
  private readonly acknowledged: Promise<void>;

  constructor(url: string, token: string | null, headers: Record<string, string> = {}) {
    let acknowledge!: () => void;
    let refuse!: (error: Error) => void;
    this.acknowledged = new Promise((resolve, reject) => {
      acknowledge = resolve;
      refuse = reject;
    });
    this.acknowledged.catch(() => undefined);
    this.client = createClient({
      url,
      webSocketImpl: webSocketWithHeaders(headers),
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => undefined,
      connectionParams: token === null ? {} : { authorization: `Bearer ${token}` },
      on: {
        connected: () => acknowledge(),
        closed: (event) => {
          this.closeEvent ??= closeInfo(event) ?? { code: 0, reason: 'closed without a close frame' };
          refuse(new Error(`The socket closed before it was acknowledged: ${JSON.stringify(this.closeEvent)}`));
        },
      },
    });
  }

  /** Resolves once the server acknowledged `connection_init`; rejects when it closed the socket instead. */
  async connected(timeoutMs = 20_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.acknowledged,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`The socket was not acknowledged within ${timeoutMs} ms.`)), timeoutMs))),
    ]).finally(() => clearTimeout(timer));
  }

  get closedWith(): CloseInfo | null {
    return this.closeEvent;
  }

  async waitForClose(timeoutMs = 20_000): Promise<CloseInfo> {
    return waitFor(async () => this.closeEvent, timeoutMs, 25, 'the socket to close');
  }

  subscribe<TEvent = any>(query: string, variables: Record<string, unknown> = {}): SubscriptionFeed<TEvent> {
    let stop = () => undefined as void;
    const feed = new SubscriptionFeed<TEvent>(() => stop());
    stop = this.client.subscribe<Record<string, TEvent>>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) feed.errors.push(...(result.errors as GraphQLErrorShape[]));
          if (result.data) feed.events.push(Object.values(result.data)[0]!);
        },
        error: (error) => {
          const closed = closeInfo(error);
          if (!closed) feed.ending = 'error';
          if (closed) feed.closedBy = closed;
          else if (Array.isArray(error)) feed.errors.push(...(error as GraphQLErrorShape[]));
          else feed.errors.push({ message: String((error as Error)?.message ?? error) });
        },
        complete: () => {
          feed.ending ??= 'complete';
        },
      },
    );
    return feed;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

/** The graphql-ws URL of an API's HTTP GraphQL endpoint. */
export function webSocketUrl(graphqlHttpUrl: string): string {
  return graphqlHttpUrl.replace(/^http/, 'ws');
}

/** Opens a socket and waits for the server to acknowledge it. */
export async function connectSubscriber(graphqlHttpUrl: string, token: string, headers: Record<string, string> = {}): Promise<SubscriptionSocket> {
  const socket = new SubscriptionSocket(webSocketUrl(graphqlHttpUrl), token, headers);
  await socket.connected();
  return socket;
}
