import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  url: string;
  /** The JSON request body. */
  body: string;
  token: string | null;
  connections: number;
  seconds: number;
}

export interface LoadResult {
  requests: number;
  /** Requests that failed, answered other than 200, or carried GraphQL errors. */
  failures: number;
  elapsedMs: number;
  latenciesMs: Float64Array;
}

/**
 * Closed-loop load: `connections` keep-alive connections, each sending the next request as soon as
 * the previous answer has been read, until `seconds` have passed.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const payload = Buffer.from(options.body);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(payload.length) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const latencies: number[] = [];
  let failures = 0;
  const send = () =>
    new Promise<void>((resolve) => {
      const began = performance.now();
      const request = http.request(options.url, { method: 'POST', agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 200 || text.includes('"errors":')) failures++;
          latencies.push(performance.now() - began);
          resolve();
        });
      });
      request.on('error', () => {
        failures++;
        resolve();
      });
      request.end(payload);
    });
  const began = performance.now();
  const deadline = began + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < deadline) await send();
    }),
  );
  const elapsedMs = performance.now() - began;
  agent.destroy();
  return { requests: latencies.length, failures, elapsedMs, latenciesMs: Float64Array.from(latencies) };
}
