import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A subscription error, or a socket's close event, as one line for a bench's problem list. */
export function describeSocketProblem(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (Array.isArray(error)) return error.map((item: { message?: string }) => item.message).join('; ');
  const closed = error as { code?: number; reason?: string };
  return closed?.code ? `socket closed ${closed.code} ${closed.reason ?? ''}` : String(error);
}

/**
 * A bench client's graphql-ws socket, authenticated with `token`, that never reconnects: `acknowledged`
 * runs on connection_ack and `closedEarly` when it closes before the bench ends it (`closing()` false).
 */
export function openBenchSocket(url: string, token: string, acknowledged: () => void, closing: () => boolean, closedEarly: (problem: string) => void): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    on: {
      connected: acknowledged,
      closed: (event) => {
        if (!closing()) closedEarly(describeSocketProblem(event));
      },
    },
  });
}
