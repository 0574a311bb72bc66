// graphql-codegen re-exports externally mapped enum types with `export { T }`, which
// `verbatimModuleSyntax` rejects for type-only imports; rewrite them as `export type { T }`.
import { readFileSync, writeFileSync } from 'node:fs';

for (const file of process.argv.slice(2)) {
  const source = readFileSync(file, 'utf8');
  const fixed = source.replace(/^export \{ (\w+) \};$/gm, 'export type { $1 };');
  if (fixed !== source) writeFileSync(file, fixed);
}
