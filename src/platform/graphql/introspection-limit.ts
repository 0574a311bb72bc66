import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from 'graphql';
import { fragmentMeasure } from './fragments.js';

/** How deep a `__schema` or `__type` selection may nest, itself included: what graphql-js's getIntrospectionQuery() needs. */
export const MAX_INTROSPECTION_DEPTH = 15;
/** `ofType` fields along one path: as many as getIntrospectionQuery()'s TypeRef fragment nests (no type of ours wraps half as deep). */
export const MAX_OF_TYPE_NESTING = 9;

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** The deepest path below a selection set, and the most `ofType` fields on any path (not necessarily the same one). */
interface Extent {
  depth: number;
  ofTypes: number;
}

const NONE: Extent = { depth: 0, ofTypes: 0 };

/**
 * Bounds schema introspection, which the operation depth limit leaves to this rule: below
 * `__schema` or `__type`, at most MAX_INTROSPECTION_DEPTH levels and MAX_OF_TYPE_NESTING `ofType`
 * on any path (fragments expanded). graphql-js's MaxIntrospectionDepthRule already bounds the
 * nesting of the list fields (`fields`, `inputFields`, `interfaces`, `possibleTypes`); the
 * single-valued `ofType` chain is bounded only here. Its errors carry no code of their own, so
 * they reach clients as GRAPHQL_VALIDATION_FAILED.
 */
export function introspectionLimit(context: ValidationContext): ASTVisitor {
  const extentOf = (selectionSet: SelectionSetNode): Extent => {
    let depth = 0;
    let ofTypes = 0;
    for (const selection of selectionSet.selections) {
      let extent: Extent;
      if (selection.kind === Kind.FIELD) {
        const below = selection.selectionSet ? extentOf(selection.selectionSet) : NONE;
        extent = { depth: below.depth + 1, ofTypes: below.ofTypes + (selection.name.value === 'ofType' ? 1 : 0) };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        extent = extentOf(selection.selectionSet);
      } else {
        extent = fragmentExtent(selection.name.value);
      }
      depth = Math.max(depth, extent.depth);
      ofTypes = Math.max(ofTypes, extent.ofTypes);
    }
    return { depth, ofTypes };
  };
  const fragmentExtent = fragmentMeasure(context.getDocument(), NONE, extentOf);

  return {
    Field(node) {
      const root = node.name.value;
      if (!INTROSPECTION_ROOTS.has(root) || !node.selectionSet) return;
      const below = extentOf(node.selectionSet);
      const depth = below.depth + 1;
      if (below.ofTypes > MAX_OF_TYPE_NESTING) {
        context.reportError(
          new GraphQLError(
            `Introspection under ${root} nests ofType ${below.ofTypes} levels deep; the maximum is ${MAX_OF_TYPE_NESTING} (as deep as graphql-js's getIntrospectionQuery() asks).`,
            { nodes: [node] },
          ),
        );
      } else if (depth > MAX_INTROSPECTION_DEPTH) {
        context.reportError(
          new GraphQLError(`Introspection under ${root} is nested ${depth} levels deep; the maximum is ${MAX_INTROSPECTION_DEPTH}.`, { nodes: [node] }),
        );
      }
    },
  };
}
