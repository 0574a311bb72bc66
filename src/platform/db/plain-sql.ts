import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { namedStatement, runPrepared } from './prepared-statement.js';

/**
 * Runs one statement with `?` placeholders and its values sent as bind parameters, inside `em`'s
 * transaction when it has one; returns the rows as the driver parsed them. The ORM's own `execute`
 * writes every value into the SQL text instead, which costs quoting and parsing on both sides. An
 * array binds as one PostgreSQL array: write `= any(?::uuid[])`, not `in (?)`.
 *
 * Outside a transaction the statement is prepared by name on each connection (see namedStatement),
 * so `sql` must be one of a fixed set of texts with every value bound.
 */
export async function selectRows<T = Record<string, unknown>>(em: EntityManager, sql: string, bindings: readonly unknown[]): Promise<T[]> {
  const transaction = em.getTransactionContext<Knex.Transaction>();
  if (!transaction) return runPrepared<T>(em.getConnection().getKnex(), namedStatement(sql, [...bindings]));
  const result: { rows: T[] } = await transaction.raw(sql, bindings as Knex.RawBinding[]);
  return result.rows;
}
