import type { Request, Response } from 'express';
import type { Runtime } from '../../platform/runtime.js';
import { NoAnswerWithin, withTimeout } from '../../platform/with-timeout.js';

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = performance.now();
  try {
    await withTimeout(check(), timeoutMs, 'health probe');
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof NoAnswerWithin ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: message };
  }
}

/** `GET /healthz`: 200 when PostgreSQL and Redis both answer, 503 otherwise. */
export function healthHandler(runtime: Runtime) {
  return async (_request: Request, response: Response) => {
    const [database, redis] = await Promise.all([
      probe(() => runtime.orm.em.getConnection().execute('select 1'), 2000),
      probe(() => runtime.redis.commands.ping(), 2000),
    ]);
    const healthy = database.ok && redis.ok;
    response.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'degraded', database, redis });
  };
}
