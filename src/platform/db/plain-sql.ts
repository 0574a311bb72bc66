import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/** The knex a plain statement of `em` runs on: its transaction when it is inside one. */
function knexOf(em: EntityManager): Knex {
  return em.getTransactionContext<Knex.Transaction>() ?? em.getConnection().getKnex();
}

/**
 * Runs one statement with `?` placeholders and its values sent as bind parameters, inside `em`'s
 * transaction when it has one; returns the rows as the driver parsed them. The ORM's own `execute`
 * writes every value into the SQL text instead, which costs quoting and parsing on both sides. An
 * array binds as one PostgreSQL array: write `= any(?::uuid[])`, not `in (?)`.
 */
export async function selectRows<T = Record<string, unknown>>(em: EntityManager, sql: string, bindings: readonly unknown[]): Promise<T[]> {
  const result: { rows: T[] } = await knexOf(em).raw(sql, bindings as Knex.RawBinding[]);
  return result.rows;
}
