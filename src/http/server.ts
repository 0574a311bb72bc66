import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createRequestContext, type RequestContext } from '../context.js';
import { depthLimit } from '../graphql/depth-limit.js';
import { buildSchema } from '../graphql/schema.js';
import type { Runtime } from '../runtime.js';
import { bodyErrorHandler } from './body-errors.js';
import { formatError } from './format-error.js';
import { healthHandler } from './health.js';
import { metricsHandler } from './metrics.js';

export interface HttpServer {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

/** One HTTP server: GraphQL at /graphql and health at /healthz. */
export async function startHttpServer(runtime: Runtime, port = runtime.config.http.port): Promise<HttpServer> {
  const { config } = runtime;
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  const apollo = new ApolloServer<RequestContext>({
    schema: buildSchema(),
    validationRules: [depthLimit(config.graphql.maxDepth)],
    formatError,
    introspection: config.graphql.introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGINT/SIGTERM; Apollo's own handlers would call stop() a second, concurrent time.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
  await apollo.start();

  app.get('/healthz', healthHandler(runtime));
  app.get('/metrics', metricsHandler(runtime));
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
    async close() {
      await apollo.stop();
    },
  };
}
