import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../../src/app/orm-options.js';
import { migrate } from '../../../src/platform/db/orm.js';
import { openOrm } from '../../../src/app/orm.js';
import { MIGRATIONS } from '../../../migrations/index.js';
import { databaseUrl, dropDatabase, uniqueName, withAdminClient } from '../../support/services.js';

describe('migrations', () => {
  const name = uniqueName('tg_migrations');
  afterAll(() => dropDatabase(name));

  it('apply to an empty database, are a no-op the second time, and leave no schema diff against the entities', async () => {
    await withAdminClient((client) => client.query(`create database "${name}"`));
    const orm = await openOrm(databaseUrl(name), 2);
    try {
      const first = await migrate(orm);
      expect(first).toEqual(MIGRATIONS.map((migration) => migration.name));
      expect(await migrate(orm)).toEqual([]);
      expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
    } finally {
      await orm.close();
    }
  });

  it('lists every migration file of the migrations folder', () => {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((file) => /^Migration\d+.*\.ts$/.test(file))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(MIGRATIONS.map((migration) => migration.name).sort()).toEqual(files);
  });
});
