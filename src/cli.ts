import { issueToken } from './auth/tokens.js';
import { loadConfig, type AppConfig } from './config.js';
import { migrate, openOrm, type Orm } from './db/orm.js';
import { normalizeEmail } from './domain/input-rules.js';
import { UserSchema } from './entities/user.js';
import { startLocalServices } from './local-services.js';
import { seedDemo } from './services/demo-seed.js';

interface Command {
  summary: string;
  run(context: { config: AppConfig; orm: Orm; args: Map<string, string[]>; flags: Set<string> }): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  migrate: {
    summary: 'apply pending database migrations',
    async run({ orm }) {
      const applied = await migrate(orm);
      process.stdout.write(applied.length > 0 ? `Applied ${applied.join(', ')}\n` : 'Database is up to date.\n');
      return 0;
    },
  },
  'seed:demo': {
    summary: 'create the demo workspace, users, tenants, profile and inventory (idempotent)',
    async run({ orm, config }) {
      await migrate(orm);
      const seeded = await seedDemo(orm.em.fork());
      process.stdout.write(`Demo workspace ${seeded.workspaceId} ${seeded.created ? 'created' : 'already present'}.\n`);
      for (const { user, role } of seeded.users) {
        process.stdout.write(`${role.padEnd(8)} ${user.email}  ${await issueToken(config.auth, user.id)}\n`);
      }
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
      const user = await orm.em.fork().findOne(UserSchema, { email });
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

/** Parses `--name value` (repeatable) and bare `--flag` arguments. */
export function parseOptions(argv: string[]): { args: Map<string, string[]>; flags: Set<string> } {
  const args = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}".`);
    const name = arg.slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) {
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
  const local = await startLocalServices(config, { redis: false });
  const orm = await openOrm(local.databaseUrl, 2);
  try {
    return await command.run({ config, orm, args, flags });
  } finally {
    await orm.close();
    await local.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  },
);
