import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SRC = join(ROOT, 'src');

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?[^;]*?from\s+'(\.[^']+)'/g;

export interface Import {
  target: string;
  typeOnly: boolean;
}

/** Every `.ts` file under `dir`, the generated resolver types excluded. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Each file's relative imports (type-only ones included: they couple files just the same), as absolute paths. */
export function importGraph(dir: string): Map<string, Import[]> {
  const graph = new Map<string, Import[]>();
  for (const file of sourceFiles(dir)) {
    const imports = [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => ({
      target: resolve(dirname(file), match[2]!.replace(/\.js$/, '.ts')),
      typeOnly: Boolean(match[1]),
    }));
    graph.set(file, imports);
  }
  return graph;
}
