import { describe, expect, it } from 'vitest';
import { progressText, runProgress } from '../../../client/console/run-progress.js';

const counts = (entries: Record<string, number>) => ({ summaryCounts: Object.entries(entries).map(([key, value]) => ({ key, value })) });

describe("a run's progress as the console shows it", () => {
  it('reads steps, persisted items or compared subjects, whichever the run reports', () => {
    expect(runProgress(counts({ steps_done: 3, steps_total: 5 }))).toEqual({ done: 3, total: 5 });
    expect(runProgress(counts({ items_persisted: 10, items_expected: 12 }))).toEqual({ done: 10, total: 12 });
    expect(runProgress(counts({ subjects_compared: 7 }))).toEqual({ done: 7, total: null });
  });

  it('prefers the most specific counter, and a done count without its total has no total', () => {
    expect(runProgress(counts({ subjects_compared: 7, steps_done: 1, steps_total: 2 }))).toEqual({ done: 1, total: 2 });
    expect(runProgress(counts({ items_persisted: 4 }))).toEqual({ done: 4, total: null });
  });

  it('is absent for a run without progress counters', () => {
    expect(runProgress(counts({ findings_open: 3 }))).toBeNull();
  });

  it('reads "done / total", or the count alone, or nothing', () => {
    expect(progressText({ done: 3, total: 5 })).toBe('3 / 5');
    expect(progressText({ done: 7, total: null })).toBe('7');
    expect(progressText(null)).toBe('');
  });
});
