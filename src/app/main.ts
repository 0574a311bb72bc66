import { issueToken } from '../modules/workspaces/auth/tokens.js';
import { loadConfig } from './config.js';
import { migrate } from '../platform/db/orm.js';
import { openOrm } from './orm.js';
import { startHttpServer } from './http/server.js';
import { buildRegistry } from './handlers.js';
import { startWorker } from '../modules/operation-runs/jobs/worker.js';
import { startLocalServices } from './local-services.js';
import { logger } from '../platform/logger.js';
import { connectRedis } from '../platform/redis/redis-connections.js';
import { createRuntime } from './runtime.js';
import { seedDemo } from './demo-seed.js';
import { StartedServices } from './started-services.js';

type Role = 'api' | 'worker' | 'all';

function parseArgs(argv: string[]): { role: Role; demo: boolean } {
  const role = (argv.find((arg) => arg === 'api' || arg === 'worker') ?? 'all') as Role;
  const demo = argv.includes('--demo') || process.env.TENANTGRAPH_DEMO === '1';
  const unknown = argv.filter((arg) => !['api', 'worker', '--demo'].includes(arg));
  if (unknown.length > 0) throw new Error(`Unknown argument(s): ${unknown.join(' ')}. Usage: main.ts [api|worker] [--demo]`);
  return { role, demo };
}

/** Starts what `role` needs and prints the ready banner; returns early once a shutdown began. */
async function boot(role: Role, demo: boolean, started: StartedServices, stopping: () => boolean): Promise<void> {
  const config = loadConfig();
  const local = started.add('local services', await startLocalServices(config, { redis: true }), (services) => services.stop());
  if (stopping()) return;
  const orm = started.add('database connection', await openOrm(local.databaseUrl, config.database.poolMax), (connection) => connection.close());
  const applied = await migrate(orm);
  if (applied.length > 0) logger.info('applied migrations', { applied });
  const redis = started.add('Redis connections', await connectRedis(config.redis.url, config.redis.prefix), (connections) => connections.close());
  const runtime = started.add('runtime', createRuntime(config, orm, redis), (created) => created.close());
  if (stopping()) return;

  const worker = role === 'api' ? null : started.add('worker', await startWorker(runtime, buildRegistry(config)), (running) => running.close());
  if (stopping()) return;
  const http = role === 'worker' ? null : started.add('HTTP server', await startHttpServer(runtime), (server) => server.close());

  const lines = [`tenantgraph is up (${role === 'all' ? 'API + worker' : role})`];
  if (http) {
    lines.push(`  Console   ${config.http.publicUrl}/`);
    lines.push(`  GraphQL   ${config.http.publicUrl}/graphql`);
    lines.push(`  Health    ${config.http.publicUrl}/healthz`);
    lines.push(`  Metrics   ${config.http.publicUrl}/metrics`);
  }
  if (worker) lines.push(`  Worker    queues: ${worker.types.length > 0 ? worker.types.join(', ') : '(no operation handlers registered)'}`);
  if (demo) {
    const seeded = await seedDemo(orm.em.fork(), runtime.entitlements);
    lines.push(`  Demo workspace ${seeded.workspaceId} (${seeded.created ? 'created' : 'already present'})`);
    for (const { user, role: memberRole } of seeded.users) {
      lines.push(`  ${memberRole.padEnd(8)} ${user.email}  token: ${await issueToken(config.auth, user.id)}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const { role, demo } = parseArgs(process.argv.slice(2));
  const started = new StartedServices();
  let startup: Promise<void> = Promise.resolve();
  let stopping = false;
  // Installed before anything starts: a signal at any moment (Ctrl-C during start-up included) stops
  // what is running, the embedded PostgreSQL above all, instead of killing the process around it.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    await startup.catch(() => undefined);
    await started.stopAll();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  startup = boot(role, demo, started, () => stopping);
  try {
    await startup;
  } catch (error) {
    // During a shutdown the failure is the shutdown's doing, and the shutdown stops and exits.
    if (stopping) return;
    await started.stopAll();
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`tenantgraph failed to start: ${(error as Error).message}\n`);
  logger.error('start-up failed', { error });
  process.exit(1);
});
