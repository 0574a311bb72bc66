import { isUnionType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { badInput, type FieldProblem } from '../errors.js';

/** Problems listed at most, so a gateway sending thousands of bad representations gets a readable answer. */
const MAX_PROBLEMS = 20;

/**
 * `_entities` as @apollo/subgraph builds it throws plain errors for a representation that is not
 * an object or whose `__typename` is not an entity here: internal errors for the caller. Check
 * those first and answer BAD_USER_INPUT naming each bad representation.
 */
export function guardEntityRepresentations(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  const union = schema.getType('_Entity');
  if (!field?.resolve || !isUnionType(union)) return schema;
  const entities = new Set(union.getTypes().map((type) => type.name));
  const names = [...entities].sort().join(', ');
  const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve;
  field.resolve = (source, args: { representations?: unknown[] }, context, info) => {
    const problems: FieldProblem[] = [];
    (args.representations ?? []).forEach((representation, index) => {
      if (typeof representation !== 'object' || representation === null || Array.isArray(representation)) {
        problems.push({ field: `representations[${index}]`, message: 'must be an object with __typename and the key fields' });
      } else if (!entities.has(String((representation as { __typename?: unknown }).__typename))) {
        problems.push({ field: `representations[${index}].__typename`, message: `must be one of ${names}` });
      }
    });
    if (problems.length > 0) {
      throw badInput(`Every representation must be an object whose __typename is an entity of this subgraph (${names}).`, problems.slice(0, MAX_PROBLEMS));
    }
    return resolve(source, args, context, info);
  };
  return schema;
}
