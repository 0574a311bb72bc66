import { inject } from 'vitest';
import { databaseUrl, dropDatabase, uniqueName, withAdminClient } from './services.js';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, fully migrated database cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject('templateDatabase');
  const name = uniqueName('tg_test');
  for (let attempt = 0; ; attempt++) {
    try {
      await withAdminClient((client) => client.query(`create database "${name}" template "${template}"`));
      break;
    } catch (error) {
      // Two files cloning the template at the same instant may collide; retry briefly.
      if (attempt >= 20 || !/is being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}
