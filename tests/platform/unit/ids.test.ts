import { describe, expect, it } from 'vitest';
import { isUuid, newId } from '../../../src/platform/ids.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function timestampOf(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

describe('ids', () => {
  it('newId returns a version 7, RFC 4122 variant UUID', () => {
    for (let i = 0; i < 100; i++) expect(newId()).toMatch(V7);
  });

  it('newId embeds the creation time in milliseconds in its first 48 bits', () => {
    const now = Date.UTC(2026, 10, 26, 15, 4, 5, 123);
    expect(timestampOf(newId(now))).toBe(now);
  });

  it('ids created later sort after ids created earlier', () => {
    const start = Date.UTC(2026, 0, 1);
    const ids = [0, 1, 2, 1000, 86_400_000].map((offset) => newId(start + offset));
    expect([...ids].sort()).toEqual(ids);
  });

  it('two ids created in the same millisecond still differ', () => {
    const now = Date.now();
    const ids = new Set(Array.from({ length: 1000 }, () => newId(now)));
    expect(ids.size).toBe(1000);
  });

  it('isUuid accepts UUIDs in either case and nothing else', () => {
    const id = newId();
    expect(isUuid(id)).toBe(true);
    expect(isUuid(id.toUpperCase())).toBe(true);
    for (const bad of ['', 'not-a-uuid', id.slice(1), `${id}0`, id.replace(/-/g, ''), ` ${id}`, `{${id}}`, 'g'.repeat(8) + id.slice(8)]) {
      expect(isUuid(bad)).toBe(false);
    }
    expect(isUuid(42)).toBe(false);
    expect(isUuid(null)).toBe(false);
    expect(isUuid(undefined)).toBe(false);
  });
});
