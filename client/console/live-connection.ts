import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client } from 'graphql-ws/client';
import type { ConnectionState } from './console-state.js';
import { sourceOf } from './gql-client.js';

/** Close codes after which reconnecting cannot help: the token was refused. */
const REFUSED = new Set([4401, 4403]);
const MAX_RETRY_WAIT_MS = 8000;

export interface StreamHandlers<TData> {
  next(data: TData): void;
  /** The server ended the subscription with errors (e.g. access was withdrawn). */
  failed(message: string): void;
}

/** One live subscription; `cursor` is the last event's cursor, from which a reconnect resumes. */
export interface LiveStream {
  readonly cursor: string | null;
  dispose(): void;
}

type Resumable = { after?: string | null };

function closeCode(event: unknown): number | null {
  return typeof event === 'object' && event !== null && typeof (event as { code?: unknown }).code === 'number' ? (event as { code: number }).code : null;
}

/**
 * The console's WebSocket: graphql-ws with its subscriptions resumable. Every subscription keeps
 * its last event cursor in the `after` variable of the payload graphql-ws re-sends when it
 * reconnects, so a dropped socket resumes exactly after the last event received, in order.
 */
export class LiveConnection {
  private readonly client: Client;
  private everConnected = false;
  private disposed = false;

  constructor(url: string, token: string, onState: (state: ConnectionState) => void) {
    const report = (state: ConnectionState) => {
      if (!this.disposed) onState(state);
    };
    this.client = createClient({
      url,
      connectionParams: { authorization: `Bearer ${token}` },
      // One socket for the whole session, open even between subscriptions (a workspace switch
      // ends some and starts others), retried for as long as the token is accepted.
      lazy: false,
      onNonLazyError: (error) => report(REFUSED.has(closeCode(error) ?? 0) ? 'rejected' : 'closed'),
      retryAttempts: Number.POSITIVE_INFINITY,
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(MAX_RETRY_WAIT_MS, 500 * 2 ** retries) + Math.random() * 250)),
      shouldRetry: (event) => !REFUSED.has(closeCode(event) ?? 0),
      on: {
        connecting: () => report(this.everConnected ? 'reconnecting' : 'connecting'),
        connected: () => {
          this.everConnected = true;
          report('live');
        },
        closed: (event) => report(REFUSED.has(closeCode(event) ?? 0) ? 'rejected' : this.everConnected ? 'reconnecting' : 'connecting'),
      },
    });
  }

  stream<TData, TVariables extends Resumable>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    cursorOf: (data: TData) => string,
    handlers: StreamHandlers<TData>,
  ): LiveStream {
    // graphql-ws re-sends this very object on every reconnect.
    const payload = { query: sourceOf(document as TypedDocumentNode<unknown, never>), variables: { ...variables } as TVariables };
    let disposed = false;
    const unsubscribe = this.client.subscribe<TData>(payload, {
      next: (result) => {
        if (disposed) return;
        if (result.errors?.length) return handlers.failed(result.errors.map((error) => error.message).join('; '));
        if (!result.data) return;
        payload.variables.after = cursorOf(result.data);
        handlers.next(result.data);
      },
      error: (error) => {
        if (disposed || REFUSED.has(closeCode(error) ?? 0)) return;
        const errors = Array.isArray(error) ? (error as { message: string }[]) : [];
        handlers.failed(errors.length ? errors.map((entry) => entry.message).join('; ') : 'The live connection failed.');
      },
      complete: () => undefined,
    });
    return {
      get cursor() {
        return payload.variables.after ?? null;
      },
      dispose() {
        disposed = true;
        unsubscribe();
      },
    };
  }

  dispose(): void {
    this.disposed = true;
    void this.client.dispose();
  }
}
