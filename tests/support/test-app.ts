import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { issueToken } from '../../src/modules/workspaces/auth/tokens.js';
import type { AppConfig } from '../../src/platform/config.js';
import { type Orm } from '../../src/platform/db/orm.js';
import { openOrm } from '../../src/app/orm.js';
import { startHttpServer, type HttpServer } from '../../src/app/http/server.js';
import { connectRedis } from '../../src/platform/redis/redis-connections.js';
import { createRuntime } from '../../src/app/runtime.js';
import { type Runtime } from '../../src/platform/runtime.js';
import { testConfig } from './test-config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GqlResult<TData> {
  status: number;
  data?: TData | null;
  errors?: GraphQLErrorShape[];
}

export interface TestApp {
  config: AppConfig;
  database: TestDatabase;
  orm: Orm;
  runtime: Runtime;
  http: HttpServer;
  url: string;
  /** A fresh entity manager for assertions and fixtures. */
  em(): EntityManager;
  token(userId: string, ttlSeconds?: number): Promise<string>;
  gql<TData = any, TVariables = Record<string, unknown>>(
    query: string | TypedDocumentNode<TData, TVariables>,
    variables?: TVariables,
    token?: string | null,
  ): Promise<GqlResult<TData>>;
  close(): Promise<void>;
}

/** Starts the API in-process against a database and Redis prefix of its own. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  return startTestAppOn(await createTestDatabase(), overrides);
}

/** Starts the API on a database the caller prepared (e.g. one migrated only part of the way); `close()` drops it. */
export async function startTestAppOn(database: TestDatabase, overrides: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(database.url, overrides);
  const orm = await openOrm(database.url, 5);
  const redis = await connectRedis(config.redis.url, config.redis.prefix);
  const runtime = createRuntime(config, orm, redis);
  const http = await startHttpServer(runtime, 0);
  const url = `${http.url}/graphql`;
  return {
    config,
    database,
    orm,
    runtime,
    http,
    url,
    em: () => orm.em.fork(),
    token: (userId, ttlSeconds) => issueToken(config.auth, userId, ttlSeconds),
    async gql(query, variables, token) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: typeof query === 'string' ? query : print(query), variables }),
      });
      const body = (await response.json()) as Omit<GqlResult<never>, 'status'>;
      return { status: response.status, ...body } as GqlResult<any>;
    },
    async close() {
      await http.close();
      await runtime.close();
      await deleteRedisPrefix(runtime);
      await redis.close();
      await orm.close();
      await database.drop();
    },
  };
}

async function deleteRedisPrefix(runtime: Runtime): Promise<void> {
  const keys: string[] = [];
  for await (const batch of runtime.redis.commands.scanIterator({ MATCH: `${runtime.redis.prefix}:*`, COUNT: 500 })) {
    keys.push(...batch);
  }
  if (keys.length > 0) await runtime.redis.commands.del(keys);
}

/** Counts SQL statements sent by an ORM instance while `work` runs. */
export async function countQueries(orm: Orm, work: () => Promise<unknown>): Promise<{ count: number; statements: string[] }> {
  const statements: string[] = [];
  const knex = orm.em.getConnection().getKnex();
  const listener = (query: { sql: string }) => statements.push(query.sql);
  knex.on('query', listener);
  try {
    await work();
  } finally {
    knex.off('query', listener);
  }
  return { count: statements.length, statements };
}
