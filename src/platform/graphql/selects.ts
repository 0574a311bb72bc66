import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** The fields named `name` directly in a selection set, through fragments too. */
function fieldsNamed(info: GraphQLResolveInfo, selectionSet: SelectionSetNode | undefined, name: string): FieldNode[] {
  return (selectionSet?.selections ?? []).flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === name ? [selection] : [];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsNamed(info, selection.selectionSet, name);
    return fieldsNamed(info, info.fragments[selection.name.value]?.selectionSet, name);
  });
}

/**
 * Whether the field being resolved selects the path of fields (e.g. `edges`, `node`,
 * `compareReadiness`), through fragments too, so costly extras are computed only on request.
 */
export function selectsPath(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let nodes: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) {
    nodes = nodes.flatMap((node) => fieldsNamed(info, node.selectionSet, name));
    if (nodes.length === 0) return false;
  }
  return true;
}

/** Whether the field being resolved selects `name` directly (through fragments too). */
export function selects(info: GraphQLResolveInfo, name: string): boolean {
  return selectsPath(info, [name]);
}
