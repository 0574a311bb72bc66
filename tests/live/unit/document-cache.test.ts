import { buildSchema, specifiedRules } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DocumentCache } from '../../../src/live/document-cache.js';

const schema = buildSchema('type Query { ok: Boolean } type Subscription { ticks(every: Int): Int }');

describe('subscription documents are parsed and validated once per text', () => {
  it('hands identical subscriptions one shared document', () => {
    const cache = new DocumentCache(schema, specifiedRules);
    const first = cache.check('subscription { ticks }');
    const second = cache.check('subscription { ticks }');
    expect('document' in first && 'document' in second && first.document === second.document).toBe(true);
    const other = cache.check('subscription { ticks(every: 2) }');
    expect('document' in other && 'document' in first && other.document !== first.document).toBe(true);
  });

  it('reports a document that does not parse or does not validate each time it is sent', () => {
    const cache = new DocumentCache(schema, specifiedRules);
    for (let attempt = 0; attempt < 2; attempt++) {
      const unparsable = cache.check('subscription {');
      expect('parseError' in unparsable && unparsable.parseError.message).toMatch(/Syntax Error/);
      const invalid = cache.check('subscription { nope }');
      expect('errors' in invalid && invalid.errors.map((error) => error.message)).toEqual(['Cannot query field "nope" on type "Subscription".']);
    }
  });
});
