import { buildSchema, parse, validate, Kind, type DocumentNode, type ValidationRule } from 'graphql';
import { describe, expect, it } from 'vitest';
import { depthLimit } from '../../../src/platform/graphql/depth-limit.js';
import { introspectionLimit } from '../../../src/platform/graphql/introspection-limit.js';

const schema = buildSchema(`
  type Query { node: Node }
  type Node { name: String child: Node }
`);

/**
 * `levels` fragments, each spreading the one below twice (once one level deeper): expanded
 * naively that is 2^levels walks of the bottom fragment.
 */
function doublingDocument(root: string, type: string, leaf: string, child: string, levels: number): DocumentNode {
  const fragments = [`fragment F0 on ${type} { ${leaf} }`];
  for (let level = 1; level <= levels; level++) fragments.push(`fragment F${level} on ${type} { ...F${level - 1} ${child} { ...F${level - 1} } }`);
  return parse(`{ ${root} { ...F${levels} } } ${fragments.join('\n')}`);
}

/** How often each fragment's selection set is read while `rules` validate `document`. */
function selectionSetReads(document: DocumentNode, rules: ValidationRule[]): { reads: number; errors: string[] } {
  let reads = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    const selectionSet = definition.selectionSet;
    Object.defineProperty(definition, 'selectionSet', {
      get: () => {
        reads += 1;
        return selectionSet;
      },
    });
  }
  const errors = validate(schema, document, rules).map((error) => error.message);
  return { reads, errors };
}

describe('validation limits walk each fragment once, however often it is spread', () => {
  const LEVELS = 20;

  it('the depth limit reads each fragment once beyond the validator’s own walk, and still reports the full depth', () => {
    const walk = selectionSetReads(doublingDocument('node', 'Node', 'name', 'child', LEVELS), []).reads;
    const { reads, errors } = selectionSetReads(doublingDocument('node', 'Node', 'name', 'child', LEVELS), [depthLimit(12)]);
    expect(reads - walk).toBe(LEVELS + 1);
    // node (1) + F20, which nests one level per fragment down to F0's leaf (21)
    expect(errors).toEqual([`The operation is nested ${LEVELS + 2} levels deep; the maximum is 12. Split it into smaller queries.`]);
  });

  it('the introspection limit reads each fragment once beyond the validator’s own walk, and still counts every ofType', () => {
    const document = () => doublingDocument('__type(name: "Node")', '__Type', 'name', 'ofType', LEVELS);
    const walk = selectionSetReads(document(), []).reads;
    const { reads, errors } = selectionSetReads(document(), [introspectionLimit]);
    expect(reads - walk).toBe(LEVELS + 1);
    expect(errors).toEqual([
      `Introspection under __type nests ofType ${LEVELS} levels deep; the maximum is 9 (as deep as graphql-js's getIntrospectionQuery() asks).`,
    ]);
  });

  it('a fragment cycle (another rule’s error) ends the walk instead of looping', () => {
    const document = parse(`{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { name child { ...A } }`);
    expect(validate(schema, document, [depthLimit(12), introspectionLimit])).toEqual([]);
  });
});
