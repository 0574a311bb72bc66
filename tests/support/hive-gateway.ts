import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForOutput, type LocalProcess } from './local-processes.js';
import type { GqlResult } from './test-app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HIVE_GATEWAY = path.join(ROOT, 'gateway', 'node_modules', '.bin', 'hive-gateway');

export interface HiveGateway {
  /** The gateway's GraphQL endpoint (HTTP, SSE and graphql-ws). */
  url: string;
  gql<TData = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<TData>>;
  stop(): Promise<void>;
}

/**
 * Runs `npm run gateway` (gateway/start.ts: the risk subgraph, the composed supergraph and Hive
 * Gateway) in front of the tenantgraph at `tenantgraphUrl`, on free ports, as a production gateway
 * (masked errors).
 */
export async function startHiveGateway(tenantgraphUrl: string, gatewaySecret: string): Promise<HiveGateway> {
  if (!existsSync(HIVE_GATEWAY)) {
    throw new Error('Hive Gateway is not installed: run `npm ci --prefix gateway` (CI does) before the gateway tests.');
  }
  const [port, riskPort] = [await freePort(), await freePort()];
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tenantgraph-gateway-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      TENANTGRAPH_URL: tenantgraphUrl,
      GATEWAY_PORT: String(port),
      RISK_PORT: String(riskPort),
      SUPERGRAPH_FILE: path.join(scratch, 'supergraph.graphql'),
      GATEWAY_SECRET: gatewaySecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started: LocalProcess = { child, output: () => output, exit: new Promise((resolve) => child.once('exit', resolve)) };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await started.exit;
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await waitForOutput(started, /Hive Gateway is up/, 'its ready line');
  } catch (error) {
    await stop();
    throw error;
  }
  const url = `http://127.0.0.1:${port}/graphql`;
  return {
    url,
    async gql(query, variables, token) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as Omit<GqlResult<never>, 'status'>) };
    },
    stop,
  };
}
