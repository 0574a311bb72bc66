const KEY = /^[a-z][a-z0-9_]{0,63}$/;
export const MAX_SUMMARY_KEYS = 50;

/**
 * summary_counts are numeric-only execution metrics (never artifact truth). Returns the problems
 * with a candidate map, or an empty list when it may be stored.
 */
export function summaryCountProblems(counts: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const entries = Object.entries(counts);
  if (entries.length > MAX_SUMMARY_KEYS) problems.push(`at most ${MAX_SUMMARY_KEYS} counters are allowed`);
  for (const [key, value] of entries) {
    if (!KEY.test(key)) problems.push(`counter name "${key.slice(0, 70)}" must be snake_case`);
    if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`counter "${key.slice(0, 70)}" must be a finite number`);
  }
  return problems;
}
