import type { EntityManager, EntityMetadata, EntitySchema } from '@mikro-orm/postgresql';

interface Column {
  property: string;
  column: string;
  /** Timestamps are selected as epoch milliseconds (a number is cheaper to turn into a Date than text is to parse). */
  isDate: boolean;
}

const columnsByEntity = new WeakMap<EntityMetadata, Column[]>();

/** The entity's scalar and many-to-one (mapToPk) properties with their column names, from the ORM's metadata. */
function columnsOf(em: EntityManager, schema: EntitySchema<any>): Column[] {
  const meta = em.getMetadata().get(schema.meta.className);
  let columns = columnsByEntity.get(meta);
  if (!columns) {
    columns = meta.props.filter((prop) => prop.persist !== false && prop.fieldNames?.length === 1).map((prop) => ({ property: prop.name, column: prop.fieldNames[0]!, isDate: prop.runtimeType === 'Date' }));
    columnsByEntity.set(meta, columns);
  }
  return columns;
}

/** The entity's table name, quoted for SQL. */
export function tableOf(em: EntityManager, schema: EntitySchema<any>): string {
  return `"${em.getMetadata().get(schema.meta.className).tableName}"`;
}

/**
 * A select list of every column of an entity's table under `alias`, each named `prefix` + column
 * (e.g. `t.name as "t__name"`), so several entities can be read from one joined row; timestamps
 * as epoch milliseconds.
 */
export function selectColumns(em: EntityManager, schema: EntitySchema<any>, alias: string, prefix = `${alias}__`): string {
  return columnsOf(em, schema)
    .map(({ column, isDate }) => {
      const value = isDate ? `(extract(epoch from ${alias}."${column}") * 1000)::float8` : `${alias}."${column}"`;
      return `${value} as "${prefix}${column}"`;
    })
    .join(', ');
}

/**
 * Maps rows read with plain SQL to the entity's shape (the same plain object the loaders hand to
 * resolvers, not tracked by any entity manager): one property per column, foreign keys as ids,
 * JSON as the driver parsed it, timestamps as Dates (from epoch milliseconds or the driver's
 * text). A row whose `prefix` + `id` is null (an outer join that found nothing) maps to null. For
 * read paths that never write what they read.
 */
export function rowMapper<T>(em: EntityManager, schema: EntitySchema<T, any>, prefix = ''): (row: Record<string, unknown>) => T | null {
  const platform = em.getPlatform();
  const columns = columnsOf(em, schema).map(({ property, column, isDate }) => ({ property, key: `${prefix}${column}`, isDate }));
  const idKey = `${prefix}id`;
  return (row) => {
    if (row[idKey] === null || row[idKey] === undefined) return null;
    const entity: Record<string, unknown> = {};
    for (const { property, key, isDate } of columns) {
      const value = row[key] ?? null;
      entity[property] = !isDate || value === null ? value : typeof value === 'number' ? new Date(value) : platform.parseDate(value as string);
    }
    return entity as T;
  };
}
