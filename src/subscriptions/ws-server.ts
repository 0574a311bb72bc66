import type http from 'node:http';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { loadActor } from '../auth/actor-loader.js';
import { bearerToken, TokenError } from '../auth/tokens.js';
import { MAX_TOKENS, operationLimits } from '../graphql/validation-rules.js';
import { formatError } from '../http/format-error.js';
import { logger } from '../logger.js';
import type { Runtime } from '../runtime.js';
import type { EventHub } from './event-hub.js';
import { subscribeShared } from './shared-subscribe.js';
import { SubscriptionContext } from './subscription-context.js';

/** Close codes besides graphql-ws's own (4401 Unauthorized, 4403 Forbidden, …). */
export const TOO_MANY_SOCKETS_CLOSE_CODE = 4430;

interface ConnectionState {
  token: string;
  userId: string;
  expiryTimer?: NodeJS.Timeout;
  subscriptions: number;
}

/** setTimeout fires at once for delays above 2^31-1 ms (~24.8 days); longer waits re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function closeAtExpiry(connection: ConnectionState, expiresAtMs: number, close: () => void): void {
  const remainingMs = Math.max(0, expiresAtMs - Date.now());
  connection.expiryTimer = setTimeout(
    () => (remainingMs > MAX_TIMER_MS ? closeAtExpiry(connection, expiresAtMs, close) : close()),
    Math.min(remainingMs, MAX_TIMER_MS),
  );
  connection.expiryTimer.unref();
}

type Extra = Record<PropertyKey, unknown> & { connection?: ConnectionState };

function rejection(message: string, code: string): readonly GraphQLError[] {
  return [new GraphQLError(message, { extensions: { code } })];
}

/** As Apollo labels them over HTTP: a validation error without a code of its own is GRAPHQL_VALIDATION_FAILED. */
function asValidationError(error: GraphQLError): GraphQLError {
  if (typeof error.extensions.code === 'string') return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error.originalError,
    extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
  });
}

function formatted(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
  return errors.map((error) => formatError(error.toJSON(), error));
}

/**
 * graphql-ws on the API's HTTP server and path. The socket authenticates once in
 * `connection_init` with the same bearer token as HTTP (`{ authorization: "Bearer …" }`): a bad
 * or missing token closes it with 4401, an expiring token ends it when the token expires. Every
 * operation re-loads the caller's entitlements, and every event is authorized again on delivery.
 */
export function attachSubscriptionServer(runtime: Runtime, server: http.Server, schema: GraphQLSchema, hub: EventHub): { dispose(): Promise<void> } {
  const { config } = runtime;
  const limits = config.subscriptions;
  const socketsPerToken = new Map<string, number>();
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: config.http.maxBodyBytes });
  const rules = [...specifiedRules, ...operationLimits(config)];

  const cleanup = useServer<Record<string, unknown> | undefined, Extra>(
    {
      subscribe: subscribeShared,
      onConnect: async (ctx) => {
        const socket = ctx.extra.socket;
        const params = ctx.connectionParams ?? {};
        const header = params.authorization ?? params.Authorization;
        let token: string | null;
        let verified;
        try {
          token = bearerToken(typeof header === 'string' ? header : null);
          if (!token) {
            socket.close(CloseCode.Unauthorized, 'Missing bearer token: send { authorization: "Bearer <token>" } in connection_init.');
            return false;
          }
          verified = await runtime.tokens.verify(token);
        } catch (error) {
          socket.close(CloseCode.Unauthorized, error instanceof TokenError ? error.message : 'The bearer token is invalid.');
          return false;
        }
        const actor = await loadActor(runtime.orm.em.fork(), verified.userId);
        if (!actor) {
          socket.close(CloseCode.Unauthorized, 'The user behind this token no longer exists.');
          return false;
        }
        // A socket that closed while we authenticated has already been through onClose: count it no more.
        if (socket.readyState !== WebSocket.OPEN) return false;
        const open = socketsPerToken.get(token) ?? 0;
        if (open >= limits.maxSocketsPerToken) {
          socket.close(TOO_MANY_SOCKETS_CLOSE_CODE, `Too many open sockets for this token (limit ${limits.maxSocketsPerToken}).`);
          return false;
        }
        socketsPerToken.set(token, open + 1);
        const connection: ConnectionState = { token, userId: verified.userId, subscriptions: 0 };
        closeAtExpiry(connection, verified.expiresAt * 1000, () => socket.close(CloseCode.Unauthorized, 'The bearer token expired; reconnect with a new token.'));
        ctx.extra.connection = connection;
        return true;
      },

      onClose: (ctx) => {
        const connection = ctx.extra.connection;
        if (!connection) return;
        clearTimeout(connection.expiryTimer);
        const open = (socketsPerToken.get(connection.token) ?? 1) - 1;
        if (open > 0) socketsPerToken.set(connection.token, open);
        else socketsPerToken.delete(connection.token);
      },

      onSubscribe: async (ctx, _id, payload) => {
        const connection = ctx.extra.connection!;
        if (connection.subscriptions >= limits.maxSubscriptionsPerSocket) {
          return rejection(`At most ${limits.maxSubscriptionsPerSocket} operations may run on one socket; complete some first.`, 'BAD_USER_INPUT');
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: MAX_TOKENS });
        } catch (error) {
          return rejection((error as Error).message, 'GRAPHQL_PARSE_FAILED');
        }
        const errors = validate(schema, document, rules);
        if (errors.length > 0) return errors.map(asValidationError);
        const actor = await loadActor(runtime.orm.em.fork(), connection.userId);
        if (!actor) {
          ctx.extra.socket.close(CloseCode.Unauthorized, 'The user behind this token no longer exists.');
          return rejection('The user behind this token no longer exists.', 'UNAUTHENTICATED');
        }
        connection.subscriptions += 1;
        const socket = ctx.extra.socket;
        const contextValue = new SubscriptionContext(runtime, actor, hub, {
          bufferedAmount: () => socket.bufferedAmount,
          close: (code, reason) => socket.close(code, reason),
        });
        return { schema, document, variableValues: payload.variables ?? undefined, operationName: payload.operationName ?? undefined, contextValue };
      },

      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: formatted(result.errors) } : undefined),
      onError: (_ctx, _id, _payload, errors) => formatted(errors),
      onComplete: (ctx) => {
        const connection = ctx.extra.connection;
        if (connection) connection.subscriptions = Math.max(0, connection.subscriptions - 1);
      },
    },
    wss,
    limits.keepAliveMs,
  );

  wss.on('error', (error) => logger.warn('WebSocket server error', { error }));
  return {
    async dispose() {
      await cleanup.dispose();
    },
  };
}
