import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** The fragment definitions of a document, by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * A measure of a document's fragments by name, each computed once with `measure` however often it
 * is spread: a document whose fragments spread one another several times costs no more than its
 * length. Unknown fragments and fragment cycles (other rules' errors) measure as `none`.
 */
export function fragmentMeasure<T>(document: DocumentNode, none: T, measure: (selectionSet: SelectionSetNode) => T): (name: string) => T {
  const fragments = fragmentsOf(document);
  const measured = new Map<string, T>();
  const visiting = new Set<string>();
  return (name) => {
    if (measured.has(name)) return measured.get(name)!;
    const fragment = fragments.get(name);
    if (!fragment || visiting.has(name)) return none;
    visiting.add(name);
    const value = measure(fragment.selectionSet);
    visiting.delete(name);
    measured.set(name, value);
    return value;
  };
}
