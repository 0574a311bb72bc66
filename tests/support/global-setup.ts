import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/platform/db/orm.js';
import { openOrm } from '../../src/app/orm.js';
import { redisReachable } from '../../src/platform/redis/local-redis.js';
import { databaseUrl, dropDatabase, PG_ADMIN_URL, REDIS_URL, uniqueName, withAdminClient } from './services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Migrates one template database per test run; every test file clones it into a database of
 * its own (CREATE DATABASE … TEMPLATE), so files run in parallel without sharing rows.
 */
export default async function setup(project: TestProject) {
  try {
    await withAdminClient((client) => client.query('select 1'));
  } catch (error) {
    throw new Error(`Tests need PostgreSQL at ${PG_ADMIN_URL} (set TEST_PG_URL): ${(error as Error).message}`);
  }
  if (!(await redisReachable(REDIS_URL))) throw new Error(`Tests need Redis at ${REDIS_URL} (set TEST_REDIS_URL).`);

  const template = uniqueName('tg_template');
  await withAdminClient((client) => client.query(`create database "${template}"`));
  const orm = await openOrm(databaseUrl(template), 2);
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  project.provide('templateDatabase', template);
  return async () => {
    await dropDatabase(template);
  };
}
