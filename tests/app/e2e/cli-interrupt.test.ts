import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freePort, freshRoot, listening, spawnTenantgraph, waitForOutput } from '../../support/local-processes.js';

/** Processes of the embedded cluster under `root`, if any is left. */
function clusterProcesses(root: string): string {
  try {
    return execFileSync('pgrep', ['-f', `${root}/.data/pg`], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

describe('a CLI command interrupted while its embedded PostgreSQL is still starting', () => {
  it('waits for the cluster, stops it, and exits 130 on Ctrl-C', async () => {
    const root = freshRoot();
    const pgPort = await freePort();
    try {
      const cli = spawnTenantgraph('src/app/cli.ts', ['migrate'], root, { EMBEDDED_PG_PORT: String(pgPort) });
      await waitForOutput(cli, /initialising the embedded PostgreSQL cluster/, 'that it initialises the cluster');
      cli.child.kill('SIGINT');
      expect(await cli.exit).toBe(130);
      expect(cli.output()).toContain('Interrupted (SIGINT); stopping.');
      expect(cli.output()).not.toContain('Applied ');
      // An orphaned cluster would finish starting after the CLI exited: give it the time to.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await listening(pgPort)).toBe(false);
      expect(clusterProcesses(root)).toBe('');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});
