import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from 'graphql';
import { fragmentsOf } from './fragments.js';

/**
 * Rejects operations that select more than `maxFields` fields in total (fragments expanded once per
 * spread, aliases counted), which stops alias-amplified requests from fanning out into thousands of
 * resolver calls.
 */
export function selectionLimit(maxFields: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context.getDocument());
    const count = (selectionSet: SelectionSetNode, visiting: Set<string>): number => {
      let total = 0;
      for (const selection of selectionSet.selections) {
        if (total > maxFields) return total;
        if (selection.kind === Kind.FIELD) {
          total += 1 + (selection.selectionSet ? count(selection.selectionSet, visiting) : 0);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          total += count(selection.selectionSet, visiting);
        } else {
          const fragment = fragments.get(selection.name.value);
          if (!fragment || visiting.has(fragment.name.value)) continue;
          visiting.add(fragment.name.value);
          total += count(fragment.selectionSet, visiting);
          visiting.delete(fragment.name.value);
        }
      }
      return total;
    };
    return {
      OperationDefinition(node) {
        const fields = count(node.selectionSet, new Set());
        if (fields > maxFields) {
          context.reportError(
            new GraphQLError(`The operation selects more than ${maxFields} fields; request fewer fields or aliases per operation.`, {
              nodes: [node],
              extensions: { code: 'BAD_USER_INPUT' },
            }),
          );
        }
      },
    };
  };
}
