import { createServer } from 'node:net';
import type { AppConfig } from '../../src/platform/config.js';
import type { GqlResult } from './test-app.js';
import { startChildService, type ChildService } from './worker-process.js';

/** An `api` child process (src/app/main.ts api) on the test's database and Redis prefix. */
export interface ApiProcess extends ChildService {
  /** http://…/graphql of this process. */
  url: string;
  gql<TData = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<TData>>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function postGraphQL<TData = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string | null,
): Promise<GqlResult<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<GqlResult<TData>, 'status'>) };
}

/** Starts an API process on a port of its own (the banner of an ephemeral port would read :0). */
export async function startApiProcess(config: AppConfig, env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const child = await startChildService(config, 'api', { ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}/graphql`;
  return { ...child, url, gql: (query, variables, token) => postGraphQL(url, query, variables, token) };
}
