import type { EntityManager } from '@mikro-orm/postgresql';
import type { CapturedQuery } from './query-capture.js';
import { replayStatement } from './replay-statement.js';

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];

/**
 * How many rows of `table` the statements read, by `EXPLAIN ANALYZE` of each: the rows its scans
 * returned plus those they discarded by filter or recheck, over every loop. A measure of work
 * that, unlike time, does not depend on the machine's load.
 */
export async function rowsRead(em: EntityManager, statements: CapturedQuery[], table: string): Promise<number> {
  let total = 0;
  for (const statement of statements) {
    if (!statement.sql.includes(table)) continue;
    const [row] = await replayStatement<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(em, `explain (analyze, format json) ${statement.sql}`, statement.bindings);
    for (const node of flatten(row!['QUERY PLAN'][0].Plan)) {
      if (node['Relation Name'] !== table) continue;
      total += (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * node['Actual Loops'];
    }
  }
  return total;
}
