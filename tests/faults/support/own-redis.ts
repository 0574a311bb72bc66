import { spawn, type ChildProcess } from 'node:child_process';
import { redisReachable } from '../../../src/platform/redis/local-redis.js';
import { freePort } from '../../support/local-processes.js';
import { waitFor } from '../../support/wait-for.js';

/**
 * A redis-server of the test's own, on a free port, that nothing else uses: it can be restarted
 * (losing everything, like the machine's non-persistent Redis), flushed, frozen with SIGSTOP (the
 * kernel still accepts connections, nothing answers) and thawed. Never the machine's shared Redis.
 */
export interface OwnRedis {
  url: string;
  port: number;
  /** SIGKILL then start again on the same port: every key and every loaded Lua script is gone. */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  flushAll(): Promise<void>;
  /** SIGSTOP: connections are accepted by the kernel but no command is ever answered. */
  freeze(): void;
  thaw(): void;
  running(): boolean;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const alive = () => child !== null && child.exitCode === null && child.signalCode === null;
  const onExit = () => {
    if (alive()) child!.kill('SIGKILL');
  };
  process.on('exit', onExit);

  const start = async () => {
    if (alive()) return;
    const spawned = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    child = spawned;
    exited = new Promise((resolve) => spawned.once('exit', () => resolve()));
    await waitFor(() => redisReachable(url), 15_000, 50, `redis-server on port ${port}`);
  };
  const stop = async () => {
    if (!alive()) return;
    if (child!.signalCode === 'SIGSTOP') child!.kill('SIGCONT');
    child!.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    url,
    port,
    start,
    stop: async () => {
      await stop();
      process.removeListener('exit', onExit);
    },
    async restart(options = {}) {
      await stop();
      if (options.downMs) await new Promise((resolve) => setTimeout(resolve, options.downMs));
      await start();
    },
    async flushAll() {
      const { createClient } = await import('redis');
      const client = createClient({ url });
      await client.connect();
      try {
        await client.flushAll();
      } finally {
        await client.quit();
      }
    },
    freeze() {
      child?.kill('SIGSTOP');
    },
    thaw() {
      child?.kill('SIGCONT');
    },
    running: alive,
  };
}
