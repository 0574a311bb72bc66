import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../../src/platform/config.js';
import { TEST_JWT_SECRET } from './test-config.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildService {
  process: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown hooks, no lock release; exactly what a crashed host looks like. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `src/app/main.ts <role>` as a separate OS process sharing the test's database and Redis
 * prefix, and resolves once it printed its ready banner.
 */
export async function startChildService(
  config: AppConfig,
  role: 'worker' | 'api',
  env: Record<string, string> = {},
  readyTimeoutMs = 30_000,
): Promise<ChildService> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/main.ts', role], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.CHILD_LOG_LEVEL ?? 'warn',
      DATABASE_URL: config.database.url!,
      REDIS_URL: config.redis.url,
      REDIS_PREFIX: config.redis.prefix,
      JWT_SECRET: TEST_JWT_SECRET,
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} process did not become ready:\n${output}`)), readyTimeoutMs);
    const check = () => {
      if (output.includes('tenantgraph is up')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${role} process exited with code ${code} before it was ready:\n${output}`));
    });
  });
  return {
    process: child,
    output: () => output,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
