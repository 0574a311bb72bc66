/**
 * Child process of bench/subscription-memory.ts: a tenantgraph API process (Apollo, graphql-ws,
 * event hub; no worker) configured from its environment, as `npm start -- api` would run it, plus
 * the benchmark's meter over IPC.
 */
import { loadConfig } from '../../src/app/config.js';
import { openOrm } from '../../src/app/orm.js';
import { startHttpServer } from '../../src/app/http/server.js';
import { connectRedis } from '../../src/platform/redis/redis-connections.js';
import { createRuntime } from '../../src/app/runtime.js';
import { serveParent } from '../support/child-ipc.js';
import { cpuMs, memoryAfterGc, type ServerMeterApi } from './process-meter.js';

const config = loadConfig(process.env);
const orm = await openOrm(config.database.url!, config.database.poolMax);
const redis = await connectRedis(config.redis.url, config.redis.prefix);
const runtime = createRuntime(config, orm, redis);
const http = await startHttpServer(runtime, 0);
let statements = 0;
orm.em
  .getConnection()
  .getKnex()
  .on('query', () => statements++);

const handlers: ServerMeterApi = {
  url: async () => `${http.url.replace(/^http/, 'ws')}/graphql`,
  memory: memoryAfterGc,
  cpu: async () => cpuMs(),
  subscriptions: async () => http.hub.listenerCount,
  statements: async () => statements,
};

serveParent(handlers, async () => {
  await http.close();
  await runtime.close();
  await redis.close();
  await orm.close();
});
