import { issueToken } from './auth/tokens.js';
import { loadConfig } from './config.js';
import { migrate, openOrm } from './db/orm.js';
import { startHttpServer, type HttpServer } from './http/server.js';
import { buildRegistry } from './jobs/handlers/index.js';
import { startWorker, type Worker } from './jobs/worker.js';
import { startLocalServices } from './local-services.js';
import { logger } from './logger.js';
import { connectRedis } from './redis/redis-connections.js';
import { createRuntime } from './runtime.js';
import { seedDemo } from './services/demo-seed.js';

type Role = 'api' | 'worker' | 'all';

function parseArgs(argv: string[]): { role: Role; demo: boolean } {
  const role = (argv.find((arg) => arg === 'api' || arg === 'worker') ?? 'all') as Role;
  const demo = argv.includes('--demo') || process.env.TENANTGRAPH_DEMO === '1';
  const unknown = argv.filter((arg) => !['api', 'worker', '--demo'].includes(arg));
  if (unknown.length > 0) throw new Error(`Unknown argument(s): ${unknown.join(' ')}. Usage: main.ts [api|worker] [--demo]`);
  return { role, demo };
}

async function main(): Promise<void> {
  const { role, demo } = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const local = await startLocalServices(config, { redis: true });
  const orm = await openOrm(local.databaseUrl, config.database.poolMax);
  const applied = await migrate(orm);
  if (applied.length > 0) logger.info('applied migrations', { applied });
  const redis = await connectRedis(config.redis.url, config.redis.prefix);
  const runtime = createRuntime(config, orm, redis);

  let worker: Worker | null = null;
  if (role !== 'api') worker = await startWorker(runtime, buildRegistry(config));
  let http: HttpServer | null = null;
  if (role !== 'worker') http = await startHttpServer(runtime);

  const lines = [`tenantgraph is up (${role === 'all' ? 'API + worker' : role})`];
  if (http) {
    lines.push(`  GraphQL   ${config.http.publicUrl}/graphql`);
    lines.push(`  Health    ${config.http.publicUrl}/healthz`);
    lines.push(`  Metrics   ${config.http.publicUrl}/metrics`);
  }
  if (worker) lines.push(`  Worker    queues: ${worker.types.length > 0 ? worker.types.join(', ') : '(no operation handlers registered)'}`);
  if (demo) {
    const seeded = await seedDemo(orm.em.fork());
    lines.push(`  Demo workspace ${seeded.workspaceId} (${seeded.created ? 'created' : 'already present'})`);
    for (const { user, role: memberRole } of seeded.users) {
      lines.push(`  ${memberRole.padEnd(8)} ${user.email}  token: ${await issueToken(config.auth, user.id)}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    await http?.close();
    await worker?.close();
    await runtime.close();
    await redis.close();
    await orm.close();
    await local.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`tenantgraph failed to start: ${(error as Error).message}\n`);
  logger.error('start-up failed', { error });
  process.exit(1);
});
