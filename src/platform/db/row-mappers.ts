import type { EntityManager, EntityMetadata, EntitySchema, Platform } from '@mikro-orm/postgresql';

interface Column {
  property: string;
  column: string;
  /** Timestamps are selected as epoch milliseconds (a number is cheaper to turn into a Date than text is to parse). */
  isDate: boolean;
}

/** What one entity's plain reads need, worked out once per ORM instance from its metadata. */
interface EntityColumns {
  table: string;
  columns: Column[];
  selectLists: Map<string, string>;
  mappers: Map<string, (row: Record<string, unknown>) => unknown>;
}

const byEntity = new WeakMap<EntityMetadata, EntityColumns>();

/** The entity's table and its scalar and many-to-one (mapToPk) properties with their column names. */
function entityColumns(em: EntityManager, schema: EntitySchema<any>): EntityColumns {
  const meta = em.getMetadata().get(schema.meta.className);
  let found = byEntity.get(meta);
  if (!found) {
    const columns = meta.props
      .filter((prop) => prop.persist !== false && prop.fieldNames?.length === 1)
      .map((prop) => ({ property: prop.name, column: prop.fieldNames[0]!, isDate: prop.runtimeType === 'Date' }));
    found = { table: `"${meta.tableName}"`, columns, selectLists: new Map(), mappers: new Map() };
    byEntity.set(meta, found);
  }
  return found;
}

/** The entity's table name, quoted for SQL. */
export function tableOf(em: EntityManager, schema: EntitySchema<any>): string {
  return entityColumns(em, schema).table;
}

/**
 * A select list of every column of an entity's table under `alias`, each named `prefix` + column
 * (e.g. `t.name as "t__name"`), so several entities can be read from one joined row; timestamps
 * as epoch milliseconds.
 */
export function selectColumns(em: EntityManager, schema: EntitySchema<any>, alias: string, prefix = `${alias}__`): string {
  const entity = entityColumns(em, schema);
  const key = `${alias}:${prefix}`;
  let list = entity.selectLists.get(key);
  if (list === undefined) {
    list = entity.columns
      .map(({ column, isDate }) => `${isDate ? `(extract(epoch from ${alias}."${column}") * 1000)::float8` : `${alias}."${column}"`} as "${prefix}${column}"`)
      .join(', ');
    entity.selectLists.set(key, list);
  }
  return list;
}

/**
 * Compiles one entity's mapper for one prefix: a function whose object literal names every
 * property, so each row is one allocation of one fixed shape, with no loop or per-column lookups.
 * The names come from the entity metadata, never from input.
 */
function createMapper(platform: Platform, columns: Column[], prefix: string): (row: Record<string, unknown>) => unknown {
  const read = (column: string) => `row[${JSON.stringify(`${prefix}${column}`)}]`;
  const properties = columns.map(
    ({ property, column, isDate }) => `${JSON.stringify(property)}: ${isDate ? `toDate(${read(column)})` : `${read(column)} ?? null`}`,
  );
  const toDate = (value: unknown): Date | null =>
    value === null || value === undefined ? null : typeof value === 'number' ? new Date(value) : platform.parseDate(value as string);
  const body = `return (row) => { const id = ${read('id')}; if (id === null || id === undefined) return null; return { ${properties.join(', ')} }; };`;
  return new Function('toDate', body)(toDate) as (row: Record<string, unknown>) => unknown;
}

/**
 * Maps rows read with plain SQL to the entity's shape (the same plain object the loaders hand to
 * resolvers, not tracked by any entity manager): one property per column, foreign keys as ids,
 * JSON as the driver parsed it, timestamps as Dates (from epoch milliseconds or the driver's
 * text). A row whose `prefix` + `id` is null (an outer join that found nothing) maps to null. For
 * read paths that never write what they read.
 */
export function rowMapper<T>(em: EntityManager, schema: EntitySchema<T, any>, prefix = ''): (row: Record<string, unknown>) => T | null {
  const entity = entityColumns(em, schema);
  let mapper = entity.mappers.get(prefix);
  if (!mapper) {
    mapper = createMapper(em.getPlatform(), entity.columns, prefix);
    entity.mappers.set(prefix, mapper);
  }
  return mapper as (row: Record<string, unknown>) => T | null;
}
