import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, sha256 } from '../../../src/platform/canonical-json.js';

describe('canonical JSON', () => {
  it('serializes objects identically whatever their key order', () => {
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(canonicalJson({ a: 2, b: 1 })).toBe(canonicalJson({ b: 1, a: 2 }));
  });

  it('sorts keys of nested objects, including objects inside arrays', () => {
    const left = { z: { y: 1, x: [{ d: 1, c: 2 }] }, a: null };
    const right = { a: null, z: { x: [{ c: 2, d: 1 }], y: 1 } };
    expect(canonicalJson(left)).toBe('{"a":null,"z":{"x":[{"c":2,"d":1}],"y":1}}');
    expect(canonicalJson(right)).toBe(canonicalJson(left));
  });

  it('keeps array order, because order inside a list is content', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('hashes equal content to the same sha256 and different content to different hashes', () => {
    expect(contentHash({ a: 1, b: { c: true } })).toBe(contentHash({ b: { c: true }, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
    expect(contentHash({ a: 1 })).toBe(sha256('{"a":1}'));
  });

  it('produces a 64-character lowercase hex digest', () => {
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(contentHash({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
