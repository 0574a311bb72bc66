import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../migrations/index.js';
import { TokenVerifier } from '../../../src/modules/workspaces/auth/tokens.js';
import { runCli } from '../../support/cli-process.js';
import { databaseUrl, dropDatabase, uniqueName, withAdminClient } from '../../support/services.js';
import { testConfig } from '../../support/test-config.js';

/** `npm run cli -- migrate | seed:demo | token` on a database of their own that starts empty. */
describe('the setup commands of the CLI', () => {
  const name = uniqueName('tg_cli');
  const env = { DATABASE_URL: databaseUrl(name) };
  const lines = (text: string) => text.trim().split('\n');

  beforeAll(() => withAdminClient((client) => client.query(`create database "${name}"`)));
  afterAll(() => dropDatabase(name));

  it('token on a database without schema says to migrate first', async () => {
    const result = await runCli(['token', '--user', 'owner@demo.tenantgraph.dev'], env);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain('The database has no schema yet. Run `npm run cli -- migrate` (or `npm start`) first.');
  });

  it('migrate applies every migration once, then reports the database up to date', async () => {
    const first = await runCli(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`Applied ${MIGRATIONS.map((migration) => migration.name).join(', ')}\n`);
    expect(await runCli(['migrate'], env)).toMatchObject({ code: 0, stdout: 'Database is up to date.\n' });
  });

  it('seed:demo creates the demo workspace once and prints a working token per role', async () => {
    const first = await runCli(['seed:demo'], env);
    expect(first.code).toBe(0);
    const [banner, ...users] = lines(first.stdout);
    expect(banner).toMatch(/^Demo workspace [0-9a-f-]{36} created\.$/);
    expect(users.map((line) => line.split(/\s+/)[0])).toEqual(['owner', 'manager', 'operator', 'readonly']);
    const verifier = new TokenVerifier(testConfig(env.DATABASE_URL).auth);
    for (const line of users) await expect(verifier.verify(line.split(/\s+/)[2]!)).resolves.toMatchObject({ userId: expect.any(String) });

    const again = await runCli(['seed:demo'], env);
    expect(lines(again.stdout)[0]).toBe(banner!.replace('created.', 'already present.'));
  });

  it('token --user prints a token for that user that the API accepts', async () => {
    const result = await runCli(['token', '--user', 'Owner@Demo.Tenantgraph.dev', '--ttl', '600'], env);
    expect(result.code).toBe(0);
    const owner = new pg.Client({ connectionString: env.DATABASE_URL });
    await owner.connect();
    const { rows } = await owner.query(`select id from users where email = 'owner@demo.tenantgraph.dev'`).finally(() => owner.end());
    const verified = await new TokenVerifier(testConfig(env.DATABASE_URL).auth).verify(result.stdout.trim());
    expect(verified.userId).toBe(rows[0].id);
    expect(verified.expiresAt - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(600);
  });

  it('token refuses unknown users, a missing --user and a too short --ttl with a message', async () => {
    const unknown = await runCli(['token', '--user', 'nobody@example.test'], env);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toContain('No user with email nobody@example.test.');
    const missing = await runCli(['token'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: npm run cli -- token --user <email> [--ttl <seconds>]');
    const short = await runCli(['token', '--user', 'owner@demo.tenantgraph.dev', '--ttl', '5'], env);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('--ttl must be a whole number of seconds, at least 60.');
  });
});
