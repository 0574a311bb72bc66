import type { QueryBuilder } from '@mikro-orm/postgresql';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { isUuid } from '../ids.js';
import { resolvePageSize } from '../page-size.js';
import { badInput } from '../errors.js';

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export interface KeysetOrder<T extends object> {
  /** Cursor namespace; cursors of other connections are rejected. */
  connection: string;
  /** SQL expressions with their cast, e.g. `{ sql: 'r.id', cast: 'uuid' }`; together they must be unique. */
  columns: { sql: string; cast: string }[];
  direction: 'asc' | 'desc';
  keyOf: (row: T) => string[];
  /** Runs the finished query; the entity manager's own reading (hydrated, tracked entities) when absent. */
  read?: (qb: QueryBuilder<T>) => Promise<T[]>;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** Whether a cursor key can be bound to its column's cast; a forged key must not reach the database as an error. */
function fitsCast(key: string, cast: string): boolean {
  if (cast === 'uuid') return isUuid(key);
  return !key.includes('\u0000');
}

/**
 * One edge of a keyset page: its cursor is encoded when read (a client that selects only nodes
 * never pays for it), the same cursor every time.
 */
class KeysetEdge<T extends object> {
  constructor(
    readonly node: T,
    private readonly order: Pick<KeysetOrder<T>, 'connection' | 'keyOf'>,
  ) {}

  get cursor(): string {
    return encodeCursor(this.order.connection, this.order.keyOf(this.node));
  }
}

/** What one page of a keyset order asks of the statement that reads it. */
export interface KeysetPage {
  /** `(columns) > (?::cast, …)` after a cursor, with `bindings`; null on the first page. */
  after: { sql: string; bindings: string[] } | null;
  /** The order by list, e.g. `t.name asc, t.id asc`. */
  orderBy: string;
  /** Rows to read: the page size plus one, which tells whether a next page exists. */
  limit: number;
}

/**
 * Keyset pagination over any statement: validates the arguments, asks `read` for the rows after
 * the cursor in the order, and builds the connection. Stable under inserts (no duplicates or gaps
 * among existing rows) because each page continues strictly after the last key of the previous one.
 */
export async function paginateRows<T extends object>(
  order: Omit<KeysetOrder<T>, 'read'>,
  args: PageArgs,
  read: (page: KeysetPage) => Promise<T[]>,
): Promise<Connection<T>> {
  const size = resolvePageSize(args.first);
  if ('error' in size) throw badInput(size.error, [{ field: 'first', message: size.error }]);
  let after: KeysetPage['after'] = null;
  if (args.after !== null && args.after !== undefined) {
    const keys = decodeCursor(args.after, order.connection, order.columns.length);
    if (!keys || !keys.every((key, index) => fitsCast(key, order.columns[index]!.cast))) {
      throw badInput('The "after" cursor is not valid for this list; use an endCursor returned by this field.', [
        { field: 'after', message: 'invalid cursor' },
      ]);
    }
    const left = order.columns.map((column) => column.sql).join(', ');
    const right = order.columns.map((column) => `?::${column.cast}`).join(', ');
    after = { sql: `(${left}) ${order.direction === 'asc' ? '>' : '<'} (${right})`, bindings: keys };
  }
  const orderBy = order.columns.map((column) => `${column.sql} ${order.direction}`).join(', ');
  const rows = await read({ after, orderBy, limit: size.size + 1 });
  const page = rows.length > size.size ? rows.slice(0, size.size) : rows;
  const edges: Connection<T>['edges'] = page.map((node) => new KeysetEdge(node, order));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size.size,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Keyset pagination of a query builder's rows (see `paginateRows`). */
export function paginate<T extends object>(qb: QueryBuilder<T>, order: KeysetOrder<T>, args: PageArgs): Promise<Connection<T>> {
  return paginateRows(order, args, ({ after, limit }) => {
    if (after) qb.andWhere(after.sql, after.bindings);
    qb.orderBy(order.columns.map((column) => ({ [column.sql]: order.direction })));
    qb.limit(limit);
    return order.read ? order.read(qb) : qb.getResultList();
  });
}
