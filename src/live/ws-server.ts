import type http from 'node:http';
import { GraphQLError, parse, specifiedRules, type ExecutionArgs, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { Actor } from '../modules/workspaces/auth/actor.js';
import { loadActors } from '../modules/workspaces/auth/actors-loader.js';
import { bearerToken, TokenError } from '../modules/workspaces/auth/tokens.js';
import { operationLimits } from '../platform/graphql/validation-rules.js';
import { formatError } from '../platform/http/format-error.js';
import { logger } from '../platform/logger.js';
import type { Runtime } from '../platform/runtime.js';
import { ConnectionEntitlements } from './connection-entitlements.js';
import { DocumentCache } from './document-cache.js';
import type { EventHub } from './event-hub.js';
import { isGatewaySocket } from './gateway-socket.js';
import { OperationControl } from './operation-control.js';
import { SocketCloseCode } from './close-codes.js';
import { refusalError } from './refusals.js';
import { subscribeShared } from './shared-subscribe.js';
import { SocketCaller } from './socket-caller.js';
import { SubscriptionContext } from './subscription-context.js';
import { SubscriptionLimits } from './subscription-limits.js';

interface Connection {
  socket: WebSocket;
  gateway: boolean;
  /** The authenticated caller; null on a gateway socket whose authentication failed. */
  caller: SocketCaller | null;
  /** Set once a gateway socket is refused: every operation on it is answered with this error. */
  refusal: GraphQLError | null;
  operations: Map<string, OperationControl>;
  expiryTimer?: NodeJS.Timeout;
}

/** setTimeout fires at once for delays above 2^31-1 ms (~24.8 days); longer waits re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs `expire` when the token expires. */
function atExpiry(connection: Connection, expiresAtMs: number, expire: () => void): void {
  const remainingMs = Math.max(0, expiresAtMs - Date.now());
  connection.expiryTimer = setTimeout(
    () => (remainingMs > MAX_TIMER_MS ? atExpiry(connection, expiresAtMs, expire) : expire()),
    Math.min(remainingMs, MAX_TIMER_MS),
  );
  connection.expiryTimer.unref();
}

const USER_GONE = 'The user behind this token no longer exists.';

type Extra = Record<PropertyKey, unknown> & { connection?: Connection; request: http.IncomingMessage };

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

/** The context of an operation refused on a gateway socket: `subscribe` answers it with its errors. */
class RefusedOperation {
  constructor(readonly errors: readonly GraphQLError[]) {}
}

const REFUSED_DOCUMENT = parse('subscription Refused { __typename }');

/**
 * Refuses one operation before it runs. A direct client gets graphql-ws's `error` frame. A gateway
 * forwards no `error` frame to its client, so there the refusal is the operation's only result (a
 * `next` frame with the errors), followed by `complete`.
 */
function refuseOperation(connection: Connection, schema: GraphQLSchema, errors: readonly GraphQLError[]): readonly GraphQLError[] | ExecutionArgs {
  if (!connection.gateway) return errors;
  return { schema, document: REFUSED_DOCUMENT, contextValue: new RefusedOperation(errors) };
}

/**
 * Refuses a whole socket. A direct socket is closed with the close code. A gateway socket stays
 * open (it carries other clients' operations, and the gateway closes it when they end): each of its
 * operations ends with the refusal as its last result, and every later operation gets it too.
 */
function refuseConnection(connection: Connection, closeCode: number, reason: string): void {
  if (!connection.gateway) {
    connection.socket.close(closeCode, reason);
    return;
  }
  connection.refusal = refusalError(closeCode, reason);
  for (const operation of connection.operations.values()) operation.end(connection.refusal);
}

/**
 * graphql-ws on the API's HTTP server and path. The socket authenticates once in
 * `connection_init` with the same bearer token as HTTP (`{ authorization: "Bearer …" }`; Apollo
 * Router's default `{ token: "Bearer …" }` works too): a bad or missing token closes it with 4401,
 * an expiring token ends it when the token expires, and a token that cannot be checked at the moment
 * (the database is unreachable) closes it with 1013 (try again later), never as unauthenticated. The
 * caller's entitlements are loaded once per socket, there; its operations are authorized with them as
 * each delivery round last refreshed them, and every event is authorized again on delivery with the
 * entitlements of that moment (a round that finds the user deleted refuses the socket, 4401). Opening
 * an operation sends no SQL unless an argument needs a row checked, and an idle operation holds no
 * database session (see SubscriptionContext). Sockets of a trusted gateway
 * (see `isGatewaySocket`) are limited per user and get every refusal as a GraphQL error.
 */
export function attachSubscriptionServer(runtime: Runtime, server: http.Server, schema: GraphQLSchema, hub: EventHub): { dispose(): Promise<void> } {
  const { config } = runtime;
  const limits = new SubscriptionLimits(config.subscriptions);
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: config.http.maxBodyBytes });
  const documents = new DocumentCache(schema, [...specifiedRules, ...operationLimits(config)]);
  const entitlements = new ConnectionEntitlements((userIds) => loadActors(runtime.orm.em.fork(), userIds));

  /** The caller, or why the token is refused, or null when it could not be checked now (e.g. PostgreSQL is restarting). */
  const authenticate = async (params: Record<string, unknown>): Promise<{ token: string; actor: Actor; expiresAtMs: number } | string | null> => {
    const header = params.authorization ?? params.Authorization ?? params.token;
    try {
      const token = bearerToken(typeof header === 'string' ? header : null);
      if (!token) return 'Missing bearer token: send { authorization: "Bearer <token>" } in connection_init.';
      const verified = await runtime.tokens.verify(token);
      const actor = await entitlements.load(verified.userId);
      if (!actor) return USER_GONE;
      return { token, actor, expiresAtMs: verified.expiresAt * 1000 };
    } catch (error) {
      if (error instanceof TokenError) return error.message;
      logger.warn('a socket could not be authenticated now; it is closed for the client to reconnect', { error });
      return null;
    }
  };

  const cleanup = useServer<Record<string, unknown> | undefined, Extra>(
    {
      subscribe: async (args) => {
        const context = args.contextValue;
        if (context instanceof RefusedOperation) return { errors: context.errors };
        const result = await subscribeShared(args);
        if (!(Symbol.asyncIterator in result)) return result;
        return ((context as SubscriptionContext).socket as OperationControl).results(result);
      },

      onConnect: async (ctx) => {
        const socket = ctx.extra.socket;
        const connection: Connection = {
          socket,
          gateway: isGatewaySocket(ctx.extra.request, config.subscriptions.gatewaySecret),
          caller: null,
          refusal: null,
          operations: new Map(),
        };
        const authenticated = await authenticate(ctx.connectionParams ?? {});
        // A socket that closed while we authenticated has already been through onClose: count it no more.
        if (socket.readyState !== WebSocket.OPEN) return false;
        if (authenticated === null) {
          // Not a verdict on the token: graphql-ws clients (and gateways) reconnect after 1013.
          socket.close(SocketCloseCode.TryAgainLater, 'The service is temporarily unavailable; reconnect.');
          return false;
        }
        if (typeof authenticated === 'string') {
          refuseConnection(connection, SocketCloseCode.Unauthorized, authenticated);
          ctx.extra.connection = connection;
          return connection.gateway;
        }
        if (!connection.gateway && !limits.admitDirectSocket(authenticated.token)) {
          socket.close(SocketCloseCode.TooManySockets, `Too many open sockets for this token (limit ${config.subscriptions.maxSocketsPerToken}).`);
          return false;
        }
        connection.caller = new SocketCaller(authenticated.token, authenticated.actor, () =>
          refuseConnection(connection, SocketCloseCode.Unauthorized, USER_GONE),
        );
        atExpiry(connection, authenticated.expiresAtMs, () =>
          refuseConnection(connection, SocketCloseCode.Unauthorized, 'The bearer token expired; reconnect with a new token.'),
        );
        ctx.extra.connection = connection;
        return true;
      },

      onClose: (ctx) => {
        const connection = ctx.extra.connection;
        if (!connection?.caller) return;
        clearTimeout(connection.expiryTimer);
        for (const id of [...connection.operations.keys()]) limits.release(connection, connection.caller.userId, id);
        if (!connection.gateway) limits.releaseDirectSocket(connection.caller.token);
      },

      onSubscribe: (ctx, id, payload) => {
        const connection = ctx.extra.connection!;
        if (connection.refusal) return refuseOperation(connection, schema, [connection.refusal]);
        const caller = connection.caller!;
        const operation = new OperationControl(connection.socket, connection.gateway);
        const overLimit = limits.reserve(connection, caller.userId, id, operation);
        if (overLimit) return refuseOperation(connection, schema, [overLimit]);
        const refuse = (errors: readonly GraphQLError[]) => {
          limits.release(connection, caller.userId, id);
          return refuseOperation(connection, schema, errors);
        };
        const checked = documents.check(payload.query);
        if ('parseError' in checked) return refuse(rejection(checked.parseError.message, 'GRAPHQL_PARSE_FAILED'));
        if ('errors' in checked) return refuse(checked.errors.map(asValidationError));
        const contextValue = new SubscriptionContext(runtime, caller, hub, operation);
        return {
          schema,
          document: checked.document,
          variableValues: payload.variables ?? undefined,
          operationName: payload.operationName ?? undefined,
          contextValue,
        };
      },

      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: formatted(result.errors) } : undefined),
      onError: (_ctx, _id, _payload, errors) => formatted(errors),
      onComplete: (ctx, id) => {
        const connection = ctx.extra.connection;
        if (connection?.caller) limits.release(connection, connection.caller.userId, id);
      },
    },
    wss,
    config.subscriptions.keepAliveMs,
  );

  wss.on('error', (error) => logger.warn('WebSocket server error', { error }));
  return {
    async dispose() {
      await cleanup.dispose();
    },
  };
}
