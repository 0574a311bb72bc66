// Regenerates the typed resolvers and client documents and fails when the committed files differ.
import { execFileSync } from 'node:child_process';

const generated = ['src/generated', 'client/generated'];
execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], { stdio: 'inherit' });
const status = execFileSync('git', ['status', '--porcelain', '--', ...generated], { encoding: 'utf8' });
if (status.trim() !== '') {
  process.stderr.write(`Generated GraphQL files are stale; run \`npm run codegen\` and commit:\n${status}`);
  process.exit(1);
}
process.stdout.write('Generated GraphQL files are up to date.\n');
