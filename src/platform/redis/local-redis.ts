import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createClient } from 'redis';
import type { AppConfig } from '../config.js';
import { logger } from '../logger.js';

export interface LocalRedis {
  stop(): Promise<void>;
}

export async function redisReachable(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    if (client.isOpen) await client.quit().catch(() => undefined);
  }
}

function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Makes sure Redis answers. With REDIS_URL unset and nothing on 127.0.0.1:6379, starts a local
 * `redis-server` (nothing persisted) when one is installed; otherwise fails with instructions.
 * A Redis started here is stopped by `stop()`, or at the latest when this process exits.
 */
export async function ensureRedis(config: Pick<AppConfig['redis'], 'url' | 'explicit' | 'prefix'>): Promise<LocalRedis> {
  const none = { stop: async () => undefined };
  if (await redisReachable(config.url)) return none;
  if (config.explicit) {
    throw new Error(`Redis at REDIS_URL=${config.url} does not answer. Start it or point REDIS_URL at a running Redis.`);
  }
  if (!redisServerInstalled()) {
    throw new Error(
      'Redis is not running on 127.0.0.1:6379 and no redis-server is installed. ' +
        'Install Redis (Debian/Ubuntu: `apt install redis-server`, macOS: `brew install redis`) or set REDIS_URL to a reachable Redis.',
    );
  }
  const port = new URL(config.url).port || '6379';
  const child: ChildProcess = spawn('redis-server', ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      logger.warn('could not run redis-server', { error });
      resolve();
    });
  });
  const running = () => child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  const onExit = () => {
    if (running()) child.kill('SIGTERM');
  };
  process.on('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (!running()) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await redisReachable(config.url)) {
      logger.info('started a local redis-server', { port, pid: child.pid });
      return { stop };
    }
    if (!running()) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`Started redis-server on port ${port} but it did not answer within 5 seconds (or exited).`);
}
