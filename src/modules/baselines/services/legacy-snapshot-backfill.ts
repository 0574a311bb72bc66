import { classifyLegacySnapshot, type LegacyRule } from '../domain/legacy-snapshot-classifier.js';

/** Runs SQL with `?` placeholders: a migration's `execute` or an entity manager's. */
export type SqlExecutor = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export interface BackfillReport {
  classified: number;
  byRule: Record<LegacyRule, number>;
}

interface LegacyRow {
  id: string;
  workspace_id: string;
  summary: Record<string, unknown> | null;
  producer_run_id: string | null;
  captured_at: Date;
  updated_at: Date;
}

interface RunRow {
  id: string;
  workspace_id: string;
  outcome: string;
  completed_at: Date | null;
  context: Record<string, unknown> | null;
  linked_snapshot_id: string | null;
}

const BATCH = 200;

function integer(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return null;
}

function nested(object: Record<string, unknown> | null, ...path: string[]): unknown {
  let current: unknown = object;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Classifies every snapshot without a lifecycle state (rows imported from an earlier system) with
 * the spec 159 decision table, writing the state, timestamps and proof metadata. Producer runs are
 * linked only by explicit evidence: the snapshot's producer_run_id, or a capture run whose result
 * names the snapshot. Safe to run repeatedly: classified rows are never touched again.
 */
export async function backfillLegacySnapshots(execute: SqlExecutor): Promise<BackfillReport> {
  const report: BackfillReport = {
    classified: 0,
    byRule: { count_proof: 0, producer_run_proof: 0, empty_capture_proof: 0, contradictory: 0, no_proof: 0 },
  };
  for (;;) {
    const rows = (await execute(
      `select id, workspace_id, summary, producer_run_id, captured_at, updated_at from baseline_snapshots
        where lifecycle_state is null order by id limit ${BATCH}`,
    )) as unknown as LegacyRow[];
    if (rows.length === 0) return report;
    const ids = rows.map((row) => row.id);
    const counts = new Map(
      (
        (await execute(
          'select baseline_snapshot_id as id, count(*)::int as count from baseline_snapshot_items where baseline_snapshot_id in (?) group by baseline_snapshot_id',
          [ids],
        )) as { id: string; count: number }[]
      ).map((row) => [row.id, row.count]),
    );
    const producerIds = rows.map((row) => row.producer_run_id).filter((id): id is string => id !== null);
    const runs = (await execute(
      `select id, workspace_id, outcome, completed_at, context, coalesce(context->'result'->>'snapshotId', context->'result'->>'snapshot_id') as linked_snapshot_id
         from operation_runs
        where type = 'baseline_capture'
          and (id in (?) or coalesce(context->'result'->>'snapshotId', context->'result'->>'snapshot_id') in (?))`,
      [producerIds.length > 0 ? producerIds : ['00000000-0000-0000-0000-000000000000'], ids],
    )) as unknown as RunRow[];

    for (const row of rows) {
      const ownRuns = runs.filter((candidate) => candidate.workspace_id === row.workspace_id);
      const run =
        ownRuns.find((candidate) => candidate.id === row.producer_run_id) ?? ownRuns.find((candidate) => candidate.linked_snapshot_id === row.id) ?? null;
      const classification = classifyLegacySnapshot({
        expectedItems: integer(nested(row.summary, 'total_items') ?? nested(row.summary, 'totalItems')),
        persistedItems: counts.get(row.id) ?? 0,
        producerRun: run && {
          id: run.id,
          outcome: run.outcome,
          itemsCaptured: integer(nested(run.context, 'result', 'items_captured') ?? nested(run.context, 'result', 'itemsCaptured')),
          subjectsTotal: integer(nested(run.context, 'baseline_capture', 'subjects_total')),
          completedAt: run.completed_at,
        },
        capturedAt: row.captured_at,
        updatedAt: row.updated_at,
      });
      await execute(
        `update baseline_snapshots
            set lifecycle_state = ?, completed_at = ?, failed_at = ?, completion_meta = ?::jsonb,
                producer_run_id = coalesce(producer_run_id, ?), updated_at = now()
          where id = ? and lifecycle_state is null`,
        [
          classification.lifecycleState,
          classification.completedAt,
          classification.failedAt,
          JSON.stringify({ ...classification.completionMeta, classifiedBy: 'legacy_backfill', rule: classification.rule }),
          run?.id ?? null,
          row.id,
        ],
      );
      report.classified += 1;
      report.byRule[classification.rule] += 1;
    }
  }
}
