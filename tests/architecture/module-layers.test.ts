import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, SRC, type Import } from './import-graph.js';

/**
 * The layers of `src`, lowest first. A file may import its own layer and the layers below it,
 * never one above: the platform knows no feature, a module knows only the modules before it, and
 * the app composes everything. (Runs sit below notifications: a notification names its run.)
 */
const LAYERS = [
  'platform',
  'outbox',
  'modules/workspaces',
  'modules/tenants',
  'modules/operation-runs',
  'modules/notifications',
  'modules/inventory',
  'modules/baselines',
  'live',
  'app',
] as const;

/** Resolver types generated from the composed schema: any layer may import types from them, nothing else. */
const GENERATED = 'generated/';

function layerOf(path: string): number {
  return LAYERS.findIndex((layer) => path.startsWith(`${layer}/`));
}

/** Imports that point to a layer above the importing file, or that take values from the generated types, as "file -> target". */
function violations(graph: Map<string, readonly Import[]>): string[] {
  const found: string[] = [];
  for (const [file, imports] of graph) {
    const from = relative(SRC, file);
    for (const { target, typeOnly } of imports) {
      const to = relative(SRC, target);
      const upward = to.startsWith(GENERATED) ? !typeOnly : layerOf(to) > layerOf(from);
      if (upward) found.push(`${from} -> ${to}`);
    }
  }
  return found.sort();
}

describe('module layers', () => {
  const graph = importGraph(SRC);

  it('every source file belongs to a layer', () => {
    expect([...graph.keys()].map((file) => relative(SRC, file)).filter((file) => layerOf(file) < 0)).toEqual([]);
  });

  it('no file imports a layer above its own, type-only imports included', () => {
    expect(violations(graph)).toEqual([]);
  });

  it('finds an upward import and a value import of the generated types (the check itself works)', () => {
    const file = (path: string) => `${SRC}/${path}`;
    const graph = new Map<string, Import[]>([
      [file('modules/tenants/a.ts'), [{ target: file('modules/baselines/b.ts'), typeOnly: true }]],
      [file('modules/baselines/b.ts'), [{ target: file('modules/tenants/a.ts'), typeOnly: false }]],
      [file('platform/c.ts'), [{ target: file('generated/resolvers-types.ts'), typeOnly: false }]],
    ]);
    expect(violations(graph)).toEqual(['modules/tenants/a.ts -> modules/baselines/b.ts', 'platform/c.ts -> generated/resolvers-types.ts']);
  });
});
