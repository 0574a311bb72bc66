import { CloseCode } from 'graphql-ws';

/**
 * Every code a tenantgraph subscription socket is closed with: graphql-ws's own where one fits,
 * ours in its 4400–4499 range, and WebSocket's "try again later".
 */
export const SocketCloseCode = {
  /** A missing, bad or expired token, or a user deleted while connected (graphql-ws 4401). */
  Unauthorized: CloseCode.Unauthorized,
  /** A client that fell too far behind the events it follows. */
  SlowConsumer: 4420,
  /** More open sockets for one token than `MAX_SOCKETS_PER_TOKEN`. */
  TooManySockets: 4430,
  /** The socket could not be served now (the database is unreachable); graphql-ws clients reconnect. */
  TryAgainLater: 1013,
} as const;

export type SocketCloseCode = (typeof SocketCloseCode)[keyof typeof SocketCloseCode];
