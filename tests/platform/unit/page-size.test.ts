import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, resolvePageSize } from '../../../src/platform/page-size.js';

describe('page size', () => {
  it('defaults to 50 when "first" is omitted or null', () => {
    expect(DEFAULT_PAGE_SIZE).toBe(50);
    expect(resolvePageSize(undefined)).toEqual({ size: 50 });
    expect(resolvePageSize(null)).toEqual({ size: 50 });
  });

  it('accepts every size from 1 to the maximum of 200', () => {
    expect(MAX_PAGE_SIZE).toBe(200);
    expect(resolvePageSize(1)).toEqual({ size: 1 });
    expect(resolvePageSize(200)).toEqual({ size: 200 });
  });

  it.each([0, -1, 201, 1_000_000, 2.5, Number.NaN])('rejects %s with a message naming the allowed range', (first) => {
    const result = resolvePageSize(first);
    expect(result).toEqual({ error: `"first" must be between 1 and 200; got ${first}.` });
  });
});
