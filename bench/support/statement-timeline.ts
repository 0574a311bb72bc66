import { performance } from 'node:perf_hooks';
import type { Orm } from '../../src/platform/db/orm.js';

/** One SQL statement an ORM sent: its text, bindings and when it was sent and answered (`performance.now()`). */
export interface TimedStatement {
  sql: string;
  bindings: unknown[];
  sentAt: number;
  answeredAt: number | null;
}

interface KnexQueryEvent {
  sql: string;
  bindings?: unknown[];
  __knexQueryUid?: string;
}

/**
 * Records every statement an ORM instance sends through its query builder (COPY on a raw
 * connection is not among them) with send and answer times, until `stop()` is called.
 */
export class StatementTimeline {
  readonly statements: TimedStatement[] = [];
  private readonly pending = new Map<string, TimedStatement>();
  private readonly onQuery = (query: KnexQueryEvent) => {
    const statement = { sql: query.sql, bindings: query.bindings ?? [], sentAt: performance.now(), answeredAt: null };
    this.statements.push(statement);
    if (query.__knexQueryUid) this.pending.set(query.__knexQueryUid, statement);
  };
  private readonly onAnswer = (_response: unknown, query: KnexQueryEvent) => {
    const statement = query.__knexQueryUid ? this.pending.get(query.__knexQueryUid) : undefined;
    if (!statement) return;
    statement.answeredAt = performance.now();
    this.pending.delete(query.__knexQueryUid!);
  };

  constructor(private readonly orm: Orm) {
    const knex = orm.em.getConnection().getKnex();
    knex.on('query', this.onQuery);
    knex.on('query-response', this.onAnswer);
    knex.on('query-error', this.onAnswer);
  }

  /** The first statement sent at or after `after` whose text matches `pattern`. */
  first(pattern: RegExp, after = 0): TimedStatement {
    const found = this.statements.find((statement) => statement.sentAt >= after && pattern.test(statement.sql));
    if (!found) throw new Error(`No statement matching ${pattern} was sent.`);
    return found;
  }

  stop(): void {
    const knex = this.orm.em.getConnection().getKnex();
    knex.off('query', this.onQuery);
    knex.off('query-response', this.onAnswer);
    knex.off('query-error', this.onAnswer);
  }
}
