import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../src/platform/cursor.js';

const raw = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('keyset cursors', () => {
  it('round-trip their keys for the connection they were made for', () => {
    const cursor = encodeCursor('tenants', ['Alpha "Ltd"', '0190d3a4-0000-7000-8000-000000000001']);
    expect(decodeCursor(cursor, 'tenants', 2)).toEqual(['Alpha "Ltd"', '0190d3a4-0000-7000-8000-000000000001']);
  });

  it('are opaque url-safe base64 without padding', () => {
    expect(encodeCursor('tenants', ['ä/ö?+', 'x'])).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('from another connection are rejected', () => {
    expect(decodeCursor(encodeCursor('tenants', ['a', 'b']), 'baselineProfiles', 2)).toBeNull();
  });

  it('with the wrong number of keys are rejected', () => {
    const cursor = encodeCursor('tenants', ['a', 'b']);
    expect(decodeCursor(cursor, 'tenants', 1)).toBeNull();
    expect(decodeCursor(cursor, 'tenants', 3)).toBeNull();
  });

  it('that were tampered with are rejected', () => {
    const cursor = encodeCursor('operationRuns', ['0190d3a4-0000-7000-8000-000000000001']);
    expect(decodeCursor(cursor.slice(0, -3), 'operationRuns', 1)).toBeNull();
    expect(decodeCursor(`A${cursor}`, 'operationRuns', 1)).toBeNull();
  });

  it('of another format version are rejected', () => {
    expect(decodeCursor(raw([2, 'tenants', 'a', 'b']), 'tenants', 2)).toBeNull();
  });

  it('whose keys are not strings, or overlong, are rejected', () => {
    expect(decodeCursor(raw([1, 'tenants', 'a', 7]), 'tenants', 2)).toBeNull();
    expect(decodeCursor(raw([1, 'tenants', 'a', null]), 'tenants', 2)).toBeNull();
    expect(decodeCursor(raw([1, 'tenants', 'a', 'b'.repeat(1025)]), 'tenants', 2)).toBeNull();
  });

  it('that decode to JSON other than an array are rejected', () => {
    expect(decodeCursor(raw({ version: 1, connection: 'tenants' }), 'tenants', 0)).toBeNull();
    expect(decodeCursor(raw('tenants'), 'tenants', 0)).toBeNull();
  });

  it('that are not base64url text are rejected', () => {
    expect(decodeCursor('', 'tenants', 2)).toBeNull();
    expect(decodeCursor('not a cursor!', 'tenants', 2)).toBeNull();
    expect(decodeCursor(`${encodeCursor('tenants', ['a', 'b'])}==`, 'tenants', 2)).toBeNull();
    expect(decodeCursor('abc+/def', 'tenants', 2)).toBeNull();
  });

  it('longer than 2048 characters are rejected before decoding', () => {
    expect(decodeCursor('A'.repeat(2049), 'tenants', 2)).toBeNull();
  });
});
