import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../../src/platform/config.js';
import { TEST_JWT_SECRET } from './test-config.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment that points a CLI process at a test app's database and Redis prefix. */
export function cliEnvFor(config: AppConfig): Record<string, string> {
  return { DATABASE_URL: config.database.url!, REDIS_URL: config.redis.url, REDIS_PREFIX: config.redis.prefix };
}

/** Runs `src/app/cli.ts <args>` as its own OS process, exactly as `npm run cli -- <args>` would. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', JWT_SECRET: TEST_JWT_SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
