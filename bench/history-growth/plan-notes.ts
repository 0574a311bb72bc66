import type { EntityManager } from '@mikro-orm/postgresql';
import { replayStatement } from '../../tests/support/replay-statement.js';
import type { TimedStatement } from '../support/statement-timeline.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Actual Total Time'?: number;
  'Rows Removed by Filter'?: number;
  'Sort Method'?: string;
  'Sort Space Type'?: string;
  'Sort Space Used'?: number;
  Plans?: PlanNode[];
}

const MAX_LINES = 14;

function describe(node: PlanNode): string {
  const target = node['Index Name'] ? ` using ${node['Index Name']}` : node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
  const loops = (node['Actual Loops'] ?? 1) > 1 ? ` × ${node['Actual Loops']} loops` : '';
  const removed = node['Rows Removed by Filter'] ? `, ${node['Rows Removed by Filter']} removed by filter` : '';
  const sort = node['Sort Method'] ? `, ${node['Sort Method']} (${node['Sort Space Type']} ${node['Sort Space Used']} kB)` : '';
  return `${node['Node Type']}${target}: ${node['Actual Rows']} rows${loops}${removed}${sort}, ${(node['Actual Total Time'] ?? 0).toFixed(1)} ms`;
}

function lines(node: PlanNode, depth: number): string[] {
  return [`${'  '.repeat(depth)}${describe(node)}`, ...(node.Plans ?? []).flatMap((child) => lines(child, depth + 1))];
}

/** `EXPLAIN ANALYZE` of a recorded statement, one line per plan node (indented by depth). */
export async function explainStatement(em: EntityManager, statement: TimedStatement): Promise<string[]> {
  const [row] = await replayStatement<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(
    em,
    `explain (analyze, format json) ${statement.sql}`,
    statement.bindings as unknown[],
  );
  const [plan] = row!['QUERY PLAN'];
  const all = lines(plan.Plan, 0);
  const shown = all.length > MAX_LINES ? [...all.slice(0, MAX_LINES), `… ${all.length - MAX_LINES} more plan nodes`] : all;
  return [`execution ${plan['Execution Time'].toFixed(1)} ms`, ...shown];
}
