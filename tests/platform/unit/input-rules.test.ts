import { describe, expect, it } from 'vitest';
import {
  checkInventoryItems,
  checkName,
  checkPolicyTypes,
  hasUnpairedSurrogate,
  isPolicyType,
  MAX_PAYLOAD_BYTES,
  MAX_PAYLOAD_DEPTH,
  normalizeEmail,
  type InventoryItemCandidate,
} from '../../../src/platform/input-rules.js';

const item = (overrides: Partial<InventoryItemCandidate> = {}): InventoryItemCandidate => ({
  policyType: 'deviceConfiguration',
  externalId: 'policy-1',
  displayName: 'Policy 1',
  payload: { enabled: true },
  ...overrides,
});

describe('names', () => {
  it('are trimmed', () => {
    expect(checkName('name', '  Contoso  ')).toEqual({ value: 'Contoso' });
  });

  it('must not be empty or blank', () => {
    expect(checkName('name', '   ')).toEqual({ problem: { field: 'name', message: 'name must not be empty.' } });
  });

  it('must not exceed the maximum length', () => {
    expect(checkName('name', 'x'.repeat(200))).toEqual({ value: 'x'.repeat(200) });
    expect(checkName('name', 'x'.repeat(201))).toEqual({ problem: { field: 'name', message: 'name must be at most 200 characters.' } });
    expect(checkName('displayName', 'x'.repeat(401), 400)).toEqual({
      problem: { field: 'displayName', message: 'displayName must be at most 400 characters.' },
    });
  });

  it('must not contain control characters', () => {
    for (const value of ['a\u0000b', 'a\nb', 'a\tb', 'a\u007fb']) {
      expect(checkName('name', value)).toEqual({ problem: { field: 'name', message: 'name must not contain control characters.' } });
    }
  });

  it('must be Unicode text: half a surrogate pair is refused, whole pairs (emoji) are fine', () => {
    for (const value of ['a\ud800b', 'a\udc00', '\udbff', 'x\udfff\ud800y']) {
      expect(checkName('name', value)).toEqual({ problem: { field: 'name', message: 'name must be valid Unicode text (it contains an unpaired surrogate).' } });
    }
    expect(checkName('name', 'rocket 🚀 配置')).toEqual({ value: 'rocket 🚀 配置' });
  });
});

describe('unpaired surrogates', () => {
  it.each([
    ['a\ud800', true],
    ['\udc00a', true],
    ['\ud83d\ude80', false],
    ['\ude80\ud83d', true],
    ['plain', false],
  ])('%j has an unpaired surrogate: %s', (value, expected) => {
    expect(hasUnpairedSurrogate(value)).toBe(expected);
  });
});

describe('emails', () => {
  it('are trimmed and lower-cased', () => {
    expect(normalizeEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
  });

  it.each([
    '',
    'ada',
    'ada@',
    '@example.com',
    'ada@example',
    'ada@example.c',
    'a da@example.com',
    'ada@@example.com',
    'a\u0000da@example.com',
    'a\ud800da@example.com',
  ])('rejects %j', (value) => {
    expect(normalizeEmail(value)).toBeNull();
  });

  it('rejects addresses longer than 320 characters', () => {
    expect(normalizeEmail(`${'a'.repeat(64)}@${'b'.repeat(255)}.com`)).toBeNull();
  });
});

describe('policy types', () => {
  it('are 1-200 letters, digits and _ . : / - starting with a letter or digit', () => {
    expect(isPolicyType('deviceConfiguration')).toBe(true);
    expect(isPolicyType('microsoft.graph/conditionalAccess:v1_2-beta')).toBe(true);
    expect(isPolicyType('x'.repeat(200))).toBe(true);
    expect(isPolicyType('x'.repeat(201))).toBe(false);
    expect(isPolicyType('')).toBe(false);
    expect(isPolicyType('-leading')).toBe(false);
    expect(isPolicyType('has space')).toBe(false);
  });

  it('of a baseline scope are de-duplicated in input order', () => {
    expect(checkPolicyTypes('scope.policyTypes', ['b', 'a', 'b'])).toEqual({ value: ['b', 'a'] });
  });

  it('of a baseline scope must list at least one type', () => {
    expect(checkPolicyTypes('scope.policyTypes', [])).toEqual({
      problems: [{ field: 'scope.policyTypes', message: 'A baseline scope needs at least one policy type.' }],
    });
  });

  it('of a baseline scope may list at most 100 types', () => {
    const types = Array.from({ length: 101 }, (_, i) => `type${i}`);
    expect(checkPolicyTypes('scope.policyTypes', types.slice(0, 100))).toEqual({ value: types.slice(0, 100) });
    expect(checkPolicyTypes('scope.policyTypes', types)).toEqual({
      problems: [{ field: 'scope.policyTypes', message: 'A baseline scope may list at most 100 policy types.' }],
    });
  });

  it('of a baseline scope report each invalid entry with its index', () => {
    const result = checkPolicyTypes('scope.policyTypes', ['ok', 'not ok', 'fine', '']);
    expect(result).toEqual({
      problems: [
        { index: 1, field: 'scope.policyTypes', message: expect.stringContaining('"not ok" is not a policy type') },
        { index: 3, field: 'scope.policyTypes', message: expect.stringContaining('"" is not a policy type') },
      ],
    });
  });
});

describe('inventory items', () => {
  it('that are all valid produce no problems', () => {
    expect(checkInventoryItems([item(), item({ externalId: 'policy-2' }), item({ policyType: 'other' })], 10_000)).toEqual([]);
  });

  it('each defect is reported with the item index and field', () => {
    const problems = checkInventoryItems(
      [
        item(),
        item({ externalId: 'a', policyType: 'bad type' }),
        item({ externalId: '   ' }),
        item({ externalId: 'x'.repeat(401) }),
        item({ externalId: 'tab\there' }),
        item({ externalId: 'b', displayName: ' ' }),
        item({ externalId: 'c', displayName: 'x'.repeat(401) }),
        item({ externalId: 'd', payload: [1, 2] }),
        item({ externalId: 'e', payload: null }),
        item({ externalId: 'f', payload: 'text' }),
        item({ externalId: 'g\ud800' }),
        item({ externalId: 'h', displayName: 'half \udc00' }),
        item({ externalId: 'i', payload: { note: 'half \ud800' } }),
        item({ externalId: 'j', payload: { ['key \udfff']: 1 } }),
      ],
      10_000,
    );
    expect(problems.map(({ index, field }) => [index, field])).toEqual([
      [1, 'policyType'],
      [2, 'externalId'],
      [3, 'externalId'],
      [4, 'externalId'],
      [5, 'displayName'],
      [6, 'displayName'],
      [7, 'payload'],
      [8, 'payload'],
      [9, 'payload'],
      [10, 'externalId'],
      [11, 'displayName'],
      [12, 'payload'],
      [13, 'payload'],
    ]);
    expect(problems[11]!.message).toBe('payload must be valid Unicode text (it contains an unpaired surrogate).');
    expect(problems[0]!.message).toBe('policyType must be 1-200 characters of letters, digits and _ . : / -.');
    expect(problems[6]!.message).toBe('payload must be a JSON object.');
  });

  it('one item with several defects gets one problem per defect', () => {
    const problems = checkInventoryItems([item({ policyType: '', externalId: '', displayName: '', payload: 1 })], 10_000);
    expect(problems.map((problem) => problem.field)).toEqual(['policyType', 'externalId', 'displayName', 'payload']);
    expect(problems.every((problem) => problem.index === 0)).toBe(true);
  });

  it('a repeated policyType and externalId is reported as a duplicate of the first occurrence', () => {
    const problems = checkInventoryItems([item(), item({ externalId: 'other' }), item({ displayName: 'Again' })], 10_000);
    expect(problems).toEqual([{ index: 2, field: 'externalId', message: 'Duplicate of item 0 (same policyType and externalId).' }]);
  });

  it('the same externalId under different policy types is not a duplicate', () => {
    expect(checkInventoryItems([item({ policyType: 'a' }), item({ policyType: 'b' })], 10_000)).toEqual([]);
  });

  it('a payload over 256 KiB of JSON is rejected', () => {
    const atLimit = { v: 'x'.repeat(MAX_PAYLOAD_BYTES - '{"v":""}'.length) };
    expect(checkInventoryItems([item({ payload: atLimit })], 10_000)).toEqual([]);
    const over = { v: 'x'.repeat(MAX_PAYLOAD_BYTES) };
    expect(checkInventoryItems([item({ payload: over })], 10_000)).toEqual([
      { index: 0, field: 'payload', message: 'payload must be at most 256 KiB of JSON.' },
    ]);
  });

  it('payload size is measured in UTF-8 bytes, not characters', () => {
    const multiByte = { v: 'é'.repeat(MAX_PAYLOAD_BYTES / 2) };
    expect(checkInventoryItems([item({ payload: multiByte })], 10_000)).toEqual([
      { index: 0, field: 'payload', message: 'payload must be at most 256 KiB of JSON.' },
    ]);
  });

  it('a payload with a NUL character in a value or key is rejected, because PostgreSQL cannot store it', () => {
    const message = 'payload must not contain NUL (\\u0000) characters.';
    expect(checkInventoryItems([item({ payload: { a: { b: ['x\u0000'] } } })], 10_000)).toEqual([{ index: 0, field: 'payload', message }]);
    expect(checkInventoryItems([item({ payload: { 'k\u0000': 1 } })], 10_000)).toEqual([{ index: 0, field: 'payload', message }]);
    expect(checkInventoryItems([item({ payload: { text: 'a literal \\u0000 escape is fine' } })], 10_000)).toEqual([]);
  });

  it('a payload may nest 64 levels but not 65, and a far deeper payload is rejected without overflowing the stack', () => {
    const nested = (depth: number) => {
      let value: unknown = {};
      for (let level = 1; level < depth; level++) value = { child: value };
      return value;
    };
    expect(MAX_PAYLOAD_DEPTH).toBe(64);
    expect(checkInventoryItems([item({ payload: nested(64) })], 10_000)).toEqual([]);
    const message = 'payload must not nest deeper than 64 levels.';
    expect(checkInventoryItems([item({ payload: nested(65) })], 10_000)).toEqual([{ index: 0, field: 'payload', message }]);
    expect(checkInventoryItems([item({ payload: nested(200_000) })], 10_000)).toEqual([{ index: 0, field: 'payload', message }]);
  });

  it('more items than the per-call maximum are refused as a whole with advice to split the report', () => {
    const items = Array.from({ length: 10_001 }, (_, i) => item({ externalId: `p-${i}` }));
    expect(checkInventoryItems(items.slice(0, 10_000), 10_000)).toEqual([]);
    expect(checkInventoryItems(items, 10_000)).toEqual([
      { field: 'items', message: 'A report may contain at most 10000 items per call; split it across calls with the same syncToken.' },
    ]);
  });
});
