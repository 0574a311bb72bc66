import { describe, expect, it } from 'vitest';
import { namedStatement, numberedPlaceholders } from '../../../src/platform/db/prepared-statement.js';

describe('named statements', () => {
  it('numbers the ? placeholders in order', () => {
    expect(numberedPlaceholders('select * from t where a = ? and b = any(?::uuid[]) limit ?')).toBe(
      'select * from t where a = $1 and b = any($2::uuid[]) limit $3',
    );
  });

  it('one text is always prepared under one name, whatever its values, so each connection parses and plans it once', () => {
    const first = namedStatement('select * from tenants where workspace_id = ? limit ?', ['a', 50]);
    const again = namedStatement('select * from tenants where workspace_id = ? limit ?', ['b', 10]);
    expect(again.name).toBe(first.name);
    expect(again.text).toBe('select * from tenants where workspace_id = $1 limit $2');
    expect(again.values).toEqual(['b', 10]);
  });

  it('different texts get different names', () => {
    const page = namedStatement('select * from tenants where workspace_id = ?', ['a']);
    const filtered = namedStatement('select * from tenants where workspace_id = ? and status = any(?::text[])', ['a', ['active']]);
    expect(filtered.name).not.toBe(page.name);
  });
});
