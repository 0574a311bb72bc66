/**
 * HTTP query benchmark: the two reads a dashboard makes most, under concurrent load, against the
 * ceiling a bare Apollo Server sets for the same schema and response.
 *
 * Setup (not timed): a freshly migrated database and Redis prefix (bench/support/bench-stack.ts)
 * holding bench/http-queries/seed.ts's workspace (`tenants` tenants with a baseline profile each,
 * `runs` runs started by ten members), tenantgraph's API (startHttpServer) in this process, and the
 * anchor (bench/http-queries/anchor-server.ts): Apollo Server 5 with buildSubgraphSchema over the
 * same SDL, answering from memory with the data tenantgraph answered, also in this
 * process. The load comes from a child process (bench/http-queries/load-client.ts), so this
 * process's CPU time is the servers'.
 *
 * Measured, for each query of bench/http-queries/documents.ts (the runs page: `operationRuns(first:
 * 50)` with status, outcome, freshness, tenant and initiator; the tenants page: `workspace { tenants
 * (first: 50) { compareReadiness … } }`) and each number of keep-alive connections: `warmup` untimed
 * seconds on both servers, then `seconds` on each, in `rounds` alternating rounds (anchor,
 * tenantgraph, anchor, …) so both share the machine's other load alike; one owner's token throughout. Printed: requests/s, p50/p99 latency, this process's CPU ms per request, SQL
 * statements per request, and tenantgraph's throughput as a fraction of the anchor's (targets:
 * runs page ≥ 0.5×, tenants ≥ 0.4×). Then the statements of one request, auth included, with the
 * token already seen and with a token never seen before (targets: ≤ 3 and ≤ 5).
 *
 * Both servers share this process and its heap settings: `npm run` starts it with the API's own
 * `--max-semi-space-size=64` (as `npm start` does; a 16 MB young generation collects too often
 * with 50 requests in flight), printed in the header.
 *
 * Run: npm run bench:http-queries [-- --seconds=5 --connections=10]
 * Knobs (flag or environment variable, flag wins):
 *   --seconds / BENCH_SECONDS            timed seconds per server, query and connection count (10)
 *   --warmup / BENCH_WARMUP_SECONDS      untimed seconds per server first (3)
 *   --rounds / BENCH_ROUNDS              alternating rounds the timed seconds are split into (5)
 *   --connections / BENCH_CONNECTIONS    comma-separated connection counts (10,50)
 *   --tenants / BENCH_TENANTS            tenants of the workspace (60; the page shows 50)
 *   --runs / BENCH_RUNS                  runs of the workspace (500; the page shows 50)
 *   TEST_PG_URL, TEST_REDIS_URL          the PostgreSQL admin URL and Redis (the machine's local ones)
 *   LOG_LEVEL                            log level (warn)
 * The database and Redis key prefix are deleted when the run ends (also on Ctrl-C).
 * Never part of `npm test`; absolute figures depend on the machine and its load, the ratio much less.
 */
import os from 'node:os';
import { issueToken } from '../src/modules/workspaces/auth/tokens.js';
import { startHttpServer } from '../src/app/http/server.js';
import { startAnchorServer } from './http-queries/anchor-server.js';
import { QUERIES, type BenchQuery } from './http-queries/documents.js';
import { measurePair, statementsOfOneRequest, type LoadClient, type LoadFigures } from './http-queries/measure.js';
import { seedHttpWorld } from './http-queries/seed.js';
import { knob, rejectUnknownArguments, wholeKnob } from './support/bench-knobs.js';
import { openBenchStack } from './support/bench-stack.js';
import { startChild } from './support/child-ipc.js';
import { Closers } from './support/closers.js';
import { closingOnInterrupt } from './support/closing-on-interrupt.js';

process.env.LOG_LEVEL ??= 'warn';
rejectUnknownArguments(['seconds', 'warmup', 'rounds', 'connections', 'tenants', 'runs'], 'bench/http-queries.ts');
const seconds = wholeKnob('seconds', 'BENCH_SECONDS', 10, 1);
const warmup = wholeKnob('warmup', 'BENCH_WARMUP_SECONDS', 3, 0);
const rounds = wholeKnob('rounds', 'BENCH_ROUNDS', 5, 1);
const tenants = wholeKnob('tenants', 'BENCH_TENANTS', 60, 1);
const runs = wholeKnob('runs', 'BENCH_RUNS', 500, 1);
const connectionCounts = knob('connections', 'BENCH_CONNECTIONS', '10,50').split(',').map(Number);
if (!connectionCounts.every((count) => Number.isInteger(count) && count >= 1)) throw new Error('--connections must list whole numbers >= 1.');

const print = (line = '') => process.stdout.write(`${line}\n`);
const ms = (value: number) => `${value.toFixed(2)} ms`;

const closers = new Closers();
const closeAll = () => closers.closeAll();

async function post(url: string, query: BenchQuery, variables: Record<string, unknown>, token: string | null): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: query.document, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  if (response.status !== 200 || body.errors) throw new Error(`${query.name} answered ${response.status}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

function row(label: string, figures: LoadFigures, ratio: string): string {
  const sql = figures.statementsPerRequest === null ? '-' : figures.statementsPerRequest.toFixed(2);
  return (
    `  ${label.padEnd(44)} ${figures.requestsPerSecond.toFixed(0).padStart(7)} ${ms(figures.p50Ms).padStart(10)} ${ms(figures.p99Ms).padStart(10)} ` +
    `${ms(figures.cpuMsPerRequest).padStart(10)} ${sql.padStart(8)} ${ratio.padStart(7)}${figures.failures > 0 ? `  (${figures.failures} failed)` : ''}`
  );
}

print('tenantgraph HTTP query benchmark');
await closingOnInterrupt(
  () => closeAll(),
  async () => {
    const stack = await openBenchStack();
    closers.push(() => stack.close());
    const world = await seedHttpWorld(stack.orm.em.fork(), tenants, runs);
    const api = await startHttpServer(stack.runtime, 0);
    closers.push(() => api.close());
    const apiUrl = `${api.url}/graphql`;
    const token = await issueToken(stack.config.auth, world.ownerId);
    const variables = { workspaceId: world.workspaceId };
    const [runsQuery, tenantsQuery] = QUERIES as [BenchQuery, BenchQuery];
    const answers = {
      operationRuns: (await post(apiUrl, runsQuery, variables, token)).operationRuns,
      workspace: (await post(apiUrl, tenantsQuery, variables, token)).workspace,
    };
    const anchor = await startAnchorServer(answers);
    closers.push(() => anchor.close());
    for (const query of QUERIES) {
      const [ours, theirs] = [await post(apiUrl, query, variables, token), await post(anchor.url, query, variables, null)];
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) throw new Error(`The anchor's answer to the ${query.name} differs from tenantgraph's.`);
    }
    const client = (await startChild(new URL('./http-queries/load-client.ts', import.meta.url), {})) as LoadClient;
    closers.push(() => client.stop());

    print(`  ${tenants} tenants and ${runs} runs in one workspace; pages of 50; the servers in this process, the load from a child process`);
    print(
      `  node flags of both servers: ${process.execArgv.filter((flag) => flag.startsWith('--max-')).join(' ') || 'none'} (npm start runs the API with --max-semi-space-size=64)`,
    );
    print(
      `  ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}; ${warmup} s warm-up, then ${seconds} s per server, query and connection count in ${rounds} alternating rounds`,
    );
    print();
    print(
      `  ${''.padEnd(44)} ${'req/s'.padStart(7)} ${'p50'.padStart(10)} ${'p99'.padStart(10)} ${'CPU/req'.padStart(10)} ${'SQL/req'.padStart(8)} ${'ratio'.padStart(7)}`,
    );
    const verdicts: string[] = [];
    for (const connections of connectionCounts) {
      for (const query of QUERIES) {
        const body = JSON.stringify({ query: query.document, variables });
        const options = (url: string, bearer: string | null, time: number) => ({ url, body, token: bearer, connections, seconds: time });
        if (warmup > 0) {
          await client.call('load', options(anchor.url, null, warmup));
          await client.call('load', options(apiUrl, token, warmup));
        }
        const { anchor: anchorFigures, ours: ourFigures } = await measurePair(
          client,
          options(anchor.url, null, seconds),
          options(apiUrl, token, seconds),
          stack.orm,
          rounds,
        );
        const ratio = ourFigures.requestsPerSecond / anchorFigures.requestsPerSecond;
        print(row(`${query.name}, ${connections} conns: anchor`, anchorFigures, '1.00×'));
        print(row(`${query.name}, ${connections} conns: tenantgraph`, ourFigures, `${ratio.toFixed(2)}×`));
        verdicts.push(
          `  ${query.name} at ${connections} connections: ${ratio.toFixed(2)}× the anchor (target ≥ ${query.ratioTarget}×) ${ratio >= query.ratioTarget ? 'ok' : 'UNDER'}`,
        );
      }
    }
    print();
    for (const verdict of verdicts) print(verdict);
    print();
    let fresh = 0;
    for (const query of QUERIES) {
      await post(apiUrl, query, variables, token);
      const reused = await statementsOfOneRequest(stack.orm, () => post(apiUrl, query, variables, token));
      const newToken = await issueToken(stack.config.auth, world.ownerId, stack.config.auth.tokenTtlSeconds - ++fresh);
      const unseen = await statementsOfOneRequest(stack.orm, () => post(apiUrl, query, variables, newToken));
      const verdict = Math.max(reused, unseen) <= query.statementTarget ? 'ok' : 'OVER';
      print(
        `  ${query.name}: ${reused} SQL statements with a token already seen, ${unseen} with a new token, auth included (target ≤ ${query.statementTarget}) ${verdict}`,
      );
    }
  },
);
