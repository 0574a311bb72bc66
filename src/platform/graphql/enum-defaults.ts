import { Kind, type GraphQLEnumType, type GraphQLInputType, type GraphQLSchema, type ValueNode } from 'graphql';

/*
 * Structural checks instead of graphql's `isEnumType` & co.: @apollo/subgraph builds the schema
 * with graphql's CommonJS build, which fails the instanceof checks of the ESM build under vitest.
 */

function namedType(type: GraphQLInputType): GraphQLInputType {
  return 'ofType' in type ? namedType(type.ofType) : type;
}

function isEnum(type: GraphQLInputType): type is GraphQLEnumType {
  return 'getValues' in type;
}

function enumValue(type: GraphQLEnumType, literal: ValueNode): unknown {
  return literal.kind === Kind.LIST ? literal.values.map((item) => type.parseLiteral(item, undefined)) : type.parseLiteral(literal, undefined);
}

/**
 * Enum resolvers (resolvers/enums.ts) give enum values their internal form only after the SDL's
 * default values were computed, so `captureMode: CaptureMode = FULL_CONTENT` would reach a
 * resolver as "FULL_CONTENT" instead of "full_content". Recomputes every enum-typed default
 * from its SDL literal so defaults carry the same internal values as explicit arguments.
 */
export function remapEnumDefaults(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!('getFields' in type)) continue;
    for (const field of Object.values(type.getFields())) {
      for (const input of 'args' in field ? field.args : [field]) {
        const literal = input.astNode?.defaultValue;
        const named = namedType(input.type);
        if (literal && isEnum(named)) input.defaultValue = enumValue(named, literal);
      }
    }
  }
  return schema;
}
