import { defineConfig } from '@graphql-hive/gateway';

/**
 * Hive Gateway in front of tenantgraph (and the demo risk subgraph), as `npm run gateway` runs it.
 *
 * `context.headers` holds an HTTP or SSE client's request headers, and a WebSocket client's
 * connectionParams, so a client authenticates exactly as it would with tenantgraph directly.
 * - Queries and mutations: the client's Authorization header goes to tenantgraph with every fetch.
 * - Subscriptions: carried to tenantgraph over graphql-ws, the bearer token in `connection_init`.
 *   GATEWAY_SECRET goes in the `x-gateway-secret` header of the WebSocket upgrade: tenantgraph then
 *   treats the socket as a gateway's (limits per user, every refusal as an error with its code).
 */
export const gatewayConfig = defineConfig({
  transportEntries: {
    tenantgraph: {
      headers: [['authorization', '{context.headers.authorization}']],
      options: {
        subscriptions: {
          kind: 'ws',
          headers: [['x-gateway-secret', '{env.GATEWAY_SECRET}']],
          options: { connectionParams: { authorization: '{context.headers.authorization}' } },
        },
      },
    },
  },
});
