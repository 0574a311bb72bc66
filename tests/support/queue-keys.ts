import { beeQueuePrefix } from '../../src/modules/operation-runs/jobs/queue-names.js';
import type { TestApp } from './test-app.js';

/**
 * Deletes every Bee-Queue key of this app's Redis prefix (SCAN + DEL, never FLUSHALL: Redis is
 * shared), as a Redis that lost its data would. Returns how many keys were deleted.
 */
export async function deleteQueueKeys(app: TestApp): Promise<number> {
  const { commands, prefix } = app.runtime.redis;
  const keys: string[] = [];
  for await (const batch of commands.scanIterator({ MATCH: `${beeQueuePrefix(prefix)}:*`, COUNT: 500 })) keys.push(...batch);
  if (keys.length > 0) await commands.del(keys);
  return keys.length;
}
