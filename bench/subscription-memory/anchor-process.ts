/**
 * Child process of bench/subscription-memory.ts: the anchor. A bare graphql-ws server (ws +
 * graphql-ws `useServer`, no authentication, no limits) serving tenantgraph's SDL, whose
 * subscription fields return an in-memory event iterator that never yields.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { loadTypeDefs } from '../../src/app/schema.js';
import { serveParent } from '../support/child-ipc.js';
import { cpuMs, memoryAfterGc, type ServerMeterApi } from './process-meter.js';

let open = 0;

/** An event source with nothing to say: it holds its reader until the subscription ends. */
function idleEvents(): AsyncIterableIterator<never> {
  open++;
  let release: ((done: IteratorResult<never>) => void) | null = null;
  let ended = false;
  const end = async (): Promise<IteratorResult<never>> => {
    if (!ended) {
      ended = true;
      open--;
      release?.({ value: undefined, done: true });
    }
    return { value: undefined, done: true };
  };
  return {
    next: () => (ended ? end() : new Promise((resolve) => (release = resolve))),
    return: end,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

const idle = { subscribe: () => idleEvents() };
const schema = buildSubgraphSchema({
  typeDefs: loadTypeDefs(),
  resolvers: { Subscription: { operationRunEvents: idle, baselineSnapshotEvents: idle, myNotifications: idle } } as never,
});

const server = http.createServer((_request, response) => response.writeHead(404).end());
const wss = new WebSocketServer({ server, path: '/graphql' });
const graphqlWs = useServer({ schema }, wss);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

const handlers: ServerMeterApi = {
  url: async () => `ws://127.0.0.1:${port}/graphql`,
  memory: memoryAfterGc,
  cpu: async () => cpuMs(),
  subscriptions: async () => open,
  statements: async () => 0,
};

serveParent(handlers, async () => {
  await graphqlWs.dispose();
  await new Promise((resolve) => server.close(resolve));
});
