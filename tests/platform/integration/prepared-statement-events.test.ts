import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Orm } from '../../../src/platform/db/orm.js';
import { openOrm } from '../../../src/app/orm.js';
import { runPrepared } from '../../../src/platform/db/prepared-statement.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

interface QueryEvent {
  sql: string;
  bindings: unknown[];
  __knexQueryUid: string;
}

describe('a prepared statement run outside the query builder is seen like any other statement', () => {
  let database: TestDatabase;
  let orm: Orm;

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await openOrm(database.url, 2);
  });
  afterAll(async () => {
    await orm.close();
    await database.drop();
  });

  /** The knex events sent while `work` runs, in order. */
  async function eventsOf(work: () => Promise<unknown>): Promise<{ name: string; query: QueryEvent; answer?: unknown }[]> {
    const knex = orm.em.getConnection().getKnex();
    const seen: { name: string; query: QueryEvent; answer?: unknown }[] = [];
    const onQuery = (query: QueryEvent) => seen.push({ name: 'query', query });
    const onResponse = (answer: unknown, query: QueryEvent) => seen.push({ name: 'query-response', query, answer });
    const onError = (answer: unknown, query: QueryEvent) => seen.push({ name: 'query-error', query, answer });
    knex.on('query', onQuery).on('query-response', onResponse).on('query-error', onError);
    try {
      await work().catch(() => undefined);
    } finally {
      knex.off('query', onQuery).off('query-response', onResponse).off('query-error', onError);
    }
    return seen;
  }

  it('announces the statement with its text and values and answers it under the same query id, on every run of the prepared name', async () => {
    const statement = { name: 'test_prepared_echo', text: 'select $1::int + 1 as next', values: [41] };
    for (let run = 0; run < 2; run++) {
      let rows: unknown[] = [];
      const seen = await eventsOf(async () => (rows = await runPrepared(orm.em.getConnection().getKnex(), statement)));
      expect(rows).toEqual([{ next: 42 }]);
      expect(seen.map((event) => event.name)).toEqual(['query', 'query-response']);
      expect(seen[0]!.query).toMatchObject({ sql: statement.text, bindings: [41] });
      expect(seen[1]!.query.__knexQueryUid).toBe(seen[0]!.query.__knexQueryUid);
    }
  });

  it('rejects with PostgreSQL’s own error, announced as a query error, and gives its connection back to the pool', async () => {
    const knex = orm.em.getConnection().getKnex();
    const failing = { name: 'test_prepared_failing', text: 'select 1 / $1::int as quotient', values: [0] };
    await expect(runPrepared(knex, failing)).rejects.toMatchObject({ code: '22012' });
    const seen = await eventsOf(() => runPrepared(knex, failing));
    expect(seen.map((event) => event.name)).toEqual(['query', 'query-error']);
    // The pool has two connections: both failures gave theirs back, so more statements than that still run.
    for (let run = 0; run < 3; run++) {
      expect(await runPrepared(knex, { name: 'test_prepared_after_failure', text: 'select $1::text as word', values: ['ok'] })).toEqual([{ word: 'ok' }]);
    }
  });
});
