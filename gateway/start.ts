import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRiskSubgraph } from './risk-subgraph.js';
import { composeSupergraph } from './supergraph.js';

/**
 * `npm run gateway`: tenantgraph behind Hive Gateway on this machine. Starts the demo risk
 * subgraph, composes the supergraph, writes it, and serves it with Hive Gateway (installed apart:
 * `npm ci --prefix gateway`). tenantgraph itself runs on its own (`npm start`). Ctrl-C stops both.
 */
const GATEWAY_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(GATEWAY_DIR);
const HIVE_GATEWAY = path.join(GATEWAY_DIR, 'node_modules', '.bin', 'hive-gateway');
const READY_TIMEOUT_MS = 60_000;

const env = process.env;
const tenantgraphUrl = env.TENANTGRAPH_URL || 'http://127.0.0.1:4000/graphql';
const host = env.GATEWAY_HOST || '127.0.0.1';
const port = Number(env.GATEWAY_PORT || 4100);
const riskPort = Number(env.RISK_PORT || 4101);
const supergraphFile = path.resolve(env.SUPERGRAPH_FILE || path.join(GATEWAY_DIR, 'supergraph.graphql'));

/** GATEWAY_SECRET, or the one `npm start` keeps in `.data/` of this checkout in development. */
function gatewaySecret(): string {
  if (env.GATEWAY_SECRET) return env.GATEWAY_SECRET;
  const file = path.join(path.resolve(env.TENANTGRAPH_ROOT ?? ROOT), '.data', 'gateway-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  console.warn(`No GATEWAY_SECRET and no ${file}: tenantgraph will serve the gateway's sockets as a direct client's.`);
  return '';
}

async function ready(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

if (!existsSync(HIVE_GATEWAY)) {
  console.error('Hive Gateway is not installed: run `npm ci --prefix gateway` first.');
  process.exit(1);
}

const risk = await startRiskSubgraph([], riskPort);
writeFileSync(supergraphFile, composeSupergraph({ tenantgraph: tenantgraphUrl, risk: risk.url }));
const gateway = spawn(
  HIVE_GATEWAY,
  ['supergraph', supergraphFile, '--config-path', path.join(GATEWAY_DIR, 'gateway.config.ts'), '--host', host, '--port', String(port)],
  {
    env: { ...env, GATEWAY_SECRET: gatewaySecret() },
    stdio: 'inherit',
  },
);
const exited = new Promise<number>((resolve) => gateway.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  gateway.kill('SIGTERM');
  await exited;
  await risk.stop();
  process.exit(code);
};
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));
void exited.then(stop);

const deadline = Date.now() + READY_TIMEOUT_MS;
while (!(await ready(`http://${host}:${port}/readiness`))) {
  if (Date.now() > deadline) {
    console.error(`Hive Gateway did not become ready within ${READY_TIMEOUT_MS / 1000} s.`);
    await stop(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}
console.log(`Hive Gateway is up at http://${host}:${port}/graphql (WebSocket and SSE subscriptions on the same path)`);
console.log(`  subgraphs: tenantgraph ${tenantgraphUrl}, risk ${risk.url}; supergraph written to ${supergraphFile}`);
