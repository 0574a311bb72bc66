import type { RunRowFragment } from '../generated/graphql.js';

export interface RunProgress {
  done: number;
  /** Null when the run does not know its total. */
  total: number | null;
}

/** Counter pairs operation types report progress with, most specific first. */
const COUNTERS: readonly [done: string, total: string | null][] = [
  ['steps_done', 'steps_total'],
  ['items_persisted', 'items_expected'],
  ['subjects_compared', null],
];

/** A run's progress from its summary counts, or null when it reports none. */
export function runProgress(run: Pick<RunRowFragment, 'summaryCounts'>): RunProgress | null {
  const counts = new Map(run.summaryCounts.map((count) => [count.key, count.value]));
  for (const [done, total] of COUNTERS) {
    const value = counts.get(done);
    if (value === undefined) continue;
    return { done: value, total: total === null ? null : (counts.get(total) ?? null) };
  }
  return null;
}

/** "3 / 5", or "3" without a total, or "" without progress. */
export function progressText(progress: RunProgress | null): string {
  if (!progress) return '';
  return progress.total === null ? String(progress.done) : `${progress.done} / ${progress.total}`;
}
