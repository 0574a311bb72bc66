import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createRequestContext } from '../context.js';
import { type RequestContext } from '../../platform/graphql/request-context.js';
import { buildSchema } from '../schema.js';
import { MAX_TOKENS, operationLimits } from '../../platform/graphql/validation-rules.js';
import type { Runtime } from '../../platform/runtime.js';
import { EventHub } from '../../live/event-hub.js';
import { attachSubscriptionServer } from '../../live/ws-server.js';
import { bodyErrorHandler } from '../../platform/http/body-errors.js';
import { consoleRoutes, loadConsoleAssets } from './console.js';
import { formatError } from '../../platform/http/format-error.js';
import { refuseSubscriptionsOverHttp } from '../../live/subscriptions-over-http.js';
import { healthHandler } from './health.js';
import { metricsHandler } from './metrics.js';
import { noStoreResponses } from '../../platform/http/no-store-responses.js';

export interface HttpServer {
  url: string;
  port: number;
  server: http.Server;
  hub: EventHub;
  close(): Promise<void>;
}

/**
 * One HTTP server: GraphQL queries and mutations at /graphql (Apollo), subscriptions over
 * graphql-ws on the same path, the live console at /, health at /healthz, metrics at /metrics.
 * The console is built first: a console that does not build stops the start-up with its errors.
 */
export async function startHttpServer(runtime: Runtime, port = runtime.config.http.port): Promise<HttpServer> {
  const { config } = runtime;
  const consoleAssets = await loadConsoleAssets();
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  const schema = buildSchema();
  const hub = new EventHub(runtime, { pollIntervalMs: config.subscriptions.pollIntervalMs, batchSize: 500 });
  await hub.start();
  const subscriptions = attachSubscriptionServer(runtime, server, schema, hub);
  const drainSubscriptions: ApolloServerPlugin<RequestContext> = {
    async serverWillStart() {
      return {
        async drainServer() {
          await subscriptions.dispose();
        },
      };
    },
  };
  const apollo = new ApolloServer<RequestContext>({
    schema,
    validationRules: operationLimits(config),
    parseOptions: { maxTokens: MAX_TOKENS },
    formatError,
    // Off means refused by operationLimits (on WebSocket too); Apollo's own switch would only add a second error.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGINT/SIGTERM; Apollo's own handlers would call stop() a second, concurrent time.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      drainSubscriptions,
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      noStoreResponses<RequestContext>(),
      refuseSubscriptionsOverHttp<RequestContext>(),
    ],
  });
  await apollo.start();

  app.get('/healthz', healthHandler(runtime));
  app.get('/metrics', metricsHandler(runtime));
  app.use(consoleRoutes(consoleAssets));
  app.use(
    '/graphql',
    express.json({ limit: config.http.maxBodyBytes }),
    bodyErrorHandler(config.http.maxBodyBytes),
    expressMiddleware(apollo, { context: ({ req }) => createRequestContext(runtime, req.headers.authorization) }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, config.http.host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://${config.http.host}:${actualPort}`,
    port: actualPort,
    server,
    hub,
    async close() {
      await apollo.stop();
      await hub.stop();
    },
  };
}
