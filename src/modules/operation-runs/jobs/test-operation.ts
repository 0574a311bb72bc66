import { abortableSleep as sleep } from '../../../platform/abortable-sleep.js';
import type { TestOperationScript } from './operation-contracts.js';
import type { HandlerContext, HandlerResult } from './operation-registry.js';

/**
 * The `test.noop` operation: does exactly what its run context scripts, so lifecycle guarantees
 * (timeouts, crashes, retries, fencing) can be exercised end to end. Every execution is counted in
 * Redis so tests can prove a job never ran twice.
 */
export async function testOperation(context: HandlerContext<TestOperationScript>): Promise<HandlerResult<never>> {
  const script = context.input;
  const { redis } = context.runtime;
  await redis.commands.incr(`${redis.prefix}:test:executions:${context.run.id}`);
  const steps = script.steps ?? 0;
  for (let step = 1; step <= steps; step++) {
    await sleep(script.ms ?? 10, context.signal);
    context.progress({ steps_done: step, steps_total: steps });
  }
  switch (script.mode ?? 'succeed') {
    case 'succeed':
      return { outcome: 'succeeded', summaryCounts: script.summaryCounts ?? { steps_done: steps, steps_total: steps } };
    case 'partial':
      return { outcome: 'partially_succeeded', failures: [{ code: 'test.partial', message: 'Some items were skipped on request.' }] };
    case 'fail':
      return { outcome: 'failed', failures: [{ code: 'test.failed', message: 'Failure requested by the run script.' }] };
    case 'block':
      return { outcome: 'blocked', reasonCode: 'test.blocked', message: 'Blocked on request.' };
    case 'throw':
      if (script.succeedFromAttempt && context.run.attempt >= script.succeedFromAttempt) return { outcome: 'succeeded' };
      throw new Error(`Diagnostic failure requested (attempt ${context.run.attempt}).`);
    case 'sleep':
      await sleep(script.ms ?? 1000, context.signal);
      return { outcome: 'succeeded' };
    case 'hang':
      await new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason), { once: true }));
      return { outcome: 'failed' };
  }
}
