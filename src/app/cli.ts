import { issueToken } from '../modules/workspaces/auth/tokens.js';
import { loadConfig } from './config.js';
import type { AppConfig } from '../platform/config.js';
import { migrate, type Orm } from '../platform/db/orm.js';
import { openOrm } from './orm.js';
import { normalizeEmail } from '../platform/input-rules.js';
import { UserSchema } from '../modules/workspaces/entities/user.js';
import { startLocalServices } from './local-services.js';
import { StartedServices } from './started-services.js';
import { lifecycleValidate } from './commands/lifecycle-validate.js';
import { reconcileRuns } from './commands/reconcile-runs.js';
import { connectRedis } from '../platform/redis/redis-connections.js';
import { createRuntime } from './runtime.js';
import { type Runtime } from '../platform/runtime.js';
import { seedDemo } from './demo-seed.js';
import { backfillLegacySnapshots } from '../modules/baselines/services/legacy-snapshot-backfill.js';

interface CommandContext {
  config: AppConfig;
  /** Absent for `offline` commands. */
  orm: Orm | null;
  /** Present for commands that declare `needsRedis`. */
  runtime: Runtime | null;
  args: Map<string, string[]>;
  flags: Set<string>;
}

interface Command {
  summary: string;
  /** Commands that touch queues, publish events or change memberships (entitlement stamps) need Redis and the full runtime. */
  needsRedis?: boolean;
  /** Commands that only read configuration need no database either. */
  offline?: boolean;
  run(context: CommandContext): Promise<number>;
}

const write = (text: string) => void process.stdout.write(text);
const writeError = (text: string) => void process.stderr.write(text);

/** A mistake in the command line itself; exits with 2 like every other usage error. */
class UsageError extends Error {}

function positiveInt(value: string | undefined, name: string): number | null {
  if (value === undefined) return null;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`--${name} must be a positive whole number; got "${value}".`);
  return parsed;
}

const COMMANDS: Record<string, Command> = {
  migrate: {
    summary: 'apply pending database migrations',
    async run({ orm }) {
      const applied = await migrate(orm!);
      process.stdout.write(applied.length > 0 ? `Applied ${applied.join(', ')}\n` : 'Database is up to date.\n');
      return 0;
    },
  },
  'seed:demo': {
    summary: 'create the demo workspace, users, tenants, profile and inventory (idempotent)',
    needsRedis: true,
    async run({ orm, config, runtime }) {
      await migrate(orm!);
      const seeded = await seedDemo(orm!.em.fork(), runtime!.entitlements);
      process.stdout.write(`Demo workspace ${seeded.workspaceId} ${seeded.created ? 'created' : 'already present'}.\n`);
      for (const { user, role } of seeded.users) {
        process.stdout.write(`${role.padEnd(8)} ${user.email}  ${await issueToken(config.auth, user.id)}\n`);
      }
      return 0;
    },
  },
  'lifecycle:validate': {
    summary: 'print the lifecycle policy table and whether its timing invariants hold (exit 1 if not)',
    offline: true,
    async run({ config }) {
      return lifecycleValidate(config, write);
    },
  },
  'operation-runs:reconcile': {
    summary: 'fail stale covered runs now: [--type t] [--tenant id|external-id] [--workspace id] [--limit n] [--dry-run]',
    needsRedis: true,
    async run({ runtime, args, flags }) {
      return reconcileRuns(
        runtime!,
        {
          types: args.get('type') ?? [],
          tenants: args.get('tenant') ?? [],
          workspaces: args.get('workspace') ?? [],
          limit: positiveInt(args.get('limit')?.[0], 'limit'),
          dryRun: flags.has('dry-run'),
        },
        write,
        writeError,
      );
    },
  },
  'snapshots:backfill': {
    summary: 'classify baseline snapshots without a lifecycle state (imported legacy rows) with the spec 159 decision table',
    async run({ orm }) {
      const em = orm!.em.fork();
      const report = await backfillLegacySnapshots((sql, params) => em.execute(sql, params));
      const rules = Object.entries(report.byRule)
        .map(([rule, count]) => `${rule}: ${count}`)
        .join(', ');
      write(`Classified ${report.classified} snapshot(s)${report.classified > 0 ? ` (${rules})` : ''}.\n`);
      return 0;
    },
  },
  token: {
    summary: 'print a bearer token: token --user <email> [--ttl <seconds>]',
    async run({ orm, config, args }) {
      const email = normalizeEmail(args.get('user')?.[0] ?? '');
      if (!email) {
        process.stderr.write('Usage: npm run cli -- token --user <email> [--ttl <seconds>]\n');
        return 2;
      }
      const [schema] = await orm!.em.getConnection().execute<{ users: string | null }[]>(`select to_regclass('users')::text as users`);
      if (!schema?.users) {
        process.stderr.write('The database has no schema yet. Run `npm run cli -- migrate` (or `npm start`) first.\n');
        return 1;
      }
      const user = await orm!.em.fork().findOne(UserSchema, { email });
      if (!user) {
        process.stderr.write(`No user with email ${email}. Add them with the addWorkspaceMember mutation or run seed:demo.\n`);
        return 1;
      }
      const ttl = Number(args.get('ttl')?.[0] ?? config.auth.tokenTtlSeconds);
      if (!Number.isInteger(ttl) || ttl < 60) {
        process.stderr.write('--ttl must be a whole number of seconds, at least 60.\n');
        return 2;
      }
      process.stdout.write(`${await issueToken(config.auth, user.id, ttl)}\n`);
      return 0;
    },
  },
};

/** Options that take a value; given without one they are a usage error, never a silent flag. */
const VALUE_OPTIONS = new Set(['type', 'tenant', 'workspace', 'limit', 'user', 'ttl']);

/** Parses `--name value` (repeatable) and bare `--flag` arguments. */
export function parseOptions(argv: string[]): { args: Map<string, string[]>; flags: Set<string> } {
  const args = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument "${arg}".`);
    const name = arg.slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) {
      if (VALUE_OPTIONS.has(name)) throw new UsageError(`--${name} needs a value.`);
      flags.add(name);
    } else {
      args.set(name, [...(args.get(name) ?? []), next]);
      i++;
    }
  }
  return { args, flags };
}

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(28)} ${command.summary}`);
  return `Usage: npm run cli -- <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stdout.write(usage());
    return name ? 2 : 0;
  }
  const { args, flags } = parseOptions(rest);
  const config = loadConfig();
  if (command.offline) return command.run({ config, orm: null, runtime: null, args, flags });
  try {
    const local = await started.start('local services', startLocalServices(config, { redis: Boolean(command.needsRedis) }), (services) => services.stop());
    const orm = await started.start('database connection', openOrm(local.databaseUrl, 2), (connection) => connection.close());
    const redis = command.needsRedis
      ? started.add('Redis connections', await connectRedis(config.redis.url, config.redis.prefix), (connections) => connections.close())
      : null;
    const runtime = redis ? started.add('runtime', createRuntime(config, orm, redis), (created) => created.close()) : null;
    return await command.run({ config, orm, runtime, args, flags });
  } finally {
    await started.stopAll();
  }
}

/** Whatever the command started (an embedded PostgreSQL above all) is stopped however it ends. */
const started = new StartedServices();
let interrupted = false;
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    interrupted = true;
    process.stderr.write(`Interrupted (${signal}); stopping.\n`);
    void started.stopAll().then(() => process.exit(code));
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    if (!interrupted) process.exit(code);
  },
  (error: unknown) => {
    if (interrupted) return;
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
