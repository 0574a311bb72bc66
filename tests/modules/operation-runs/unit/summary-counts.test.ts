import { describe, expect, it } from 'vitest';
import { MAX_SUMMARY_KEYS, summaryCountProblems } from '../../../../src/modules/operation-runs/domain/summary-counts.js';

describe('summary counts', () => {
  it('numeric counters with snake_case names may be stored', () => {
    expect(summaryCountProblems({ items_total: 120, failed: 0, items_v2: 3, ratio_pct: 12.5 })).toEqual([]);
    expect(summaryCountProblems({})).toEqual([]);
  });

  it.each(['itemsTotal', 'items-total', 'Items', '2fast', '_hidden', '', 'items total', 'a'.repeat(65)])('a counter named %j is rejected', (key) => {
    expect(summaryCountProblems({ [key]: 1 })).toEqual([`counter name "${key.slice(0, 70)}" must be snake_case`]);
  });

  it('a 64-character name is the longest allowed', () => {
    expect(summaryCountProblems({ ['a'.repeat(64)]: 1 })).toEqual([]);
  });

  it.each([
    ['"3"', '3'],
    ['null', null],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['true', true],
    ['an object', { n: 1 }],
  ] as const)('a counter whose value is %s is rejected', (_name, value) => {
    expect(summaryCountProblems({ items: value })).toEqual(['counter "items" must be a finite number']);
  });

  it(`more than ${MAX_SUMMARY_KEYS} counters are rejected`, () => {
    const counts = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`counter_${i}`, i]));
    expect(summaryCountProblems(counts(MAX_SUMMARY_KEYS))).toEqual([]);
    expect(summaryCountProblems(counts(MAX_SUMMARY_KEYS + 1))).toEqual([`at most ${MAX_SUMMARY_KEYS} counters are allowed`]);
  });

  it('reports every problem of a map, not just the first', () => {
    expect(summaryCountProblems({ itemsTotal: 1, failed: '2' })).toEqual([
      'counter name "itemsTotal" must be snake_case',
      'counter "failed" must be a finite number',
    ]);
  });
});
