import DataLoader from 'dataloader';
import type { EntityManager, EntitySchema, FilterQuery } from '@mikro-orm/postgresql';
import { selectRows } from '../db/plain-sql.js';
import { rowMapper, selectColumns, tableOf } from '../db/row-mappers.js';
import { PrimedLoader } from '../primed-loader.js';

/** By id, hydrated through the entity manager (rows a service may change after a resolver loaded them). */
export function byId<T extends { id: string }>(em: EntityManager, schema: EntitySchema<T>): PrimedLoader<string, T | null> {
  return new PrimedLoader<string, T | null>(async (ids) => {
    const rows = await em.find(schema, { id: { $in: [...ids] } } as unknown as FilterQuery<T>);
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

export function groupedBy<T extends object>(em: EntityManager, schema: EntitySchema<T>, property: keyof T & string): PrimedLoader<string, T[]> {
  return new PrimedLoader<string, T[]>(async (keys) => {
    const rows = await em.find(schema, { [property]: { $in: [...keys] } } as FilterQuery<T>);
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const key = row[property] as unknown as string;
      const list = groups.get(key);
      if (list) list.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/**
 * By id with plain SQL and explicit row mapping: no hydration or identity map, for entities no
 * service changes after a resolver loaded them.
 */
export function plainById<T extends { id: string }>(em: EntityManager, schema: EntitySchema<T>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await selectRows(em, `select ${selectColumns(em, schema, 'x', '')} from ${tableOf(em, schema)} x where x.id = any(?::uuid[])`, [[...ids]]);
    const toEntity = rowMapper<T>(em, schema);
    const found = new Map(rows.map((row) => [row.id as string, toEntity(row)]));
    return ids.map((id) => found.get(id) ?? null);
  });
}
