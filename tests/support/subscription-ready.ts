import { workspaceChannel } from '../../src/outbox/publisher.js';
import type { TestApp } from './test-app.js';
import { waitFor } from './wait-for.js';

/**
 * Waits until `processes` event hubs (in any process) listen on the workspace's Redis channel: a
 * hub subscribes after it registered its first subscription of that workspace, so from then on
 * that subscription receives every event live.
 */
export async function waitForWatchingHubs(app: TestApp, workspaceId: string, processes = 1): Promise<void> {
  const channel = workspaceChannel(app.config.redis.prefix, workspaceId);
  await waitFor(
    async () => ((await app.runtime.redis.commands.pubSubNumSub(channel))[channel] ?? 0) >= processes,
    20_000,
    25,
    `${processes} event hub(s) watching ${channel}`,
  );
}

/** Waits until the in-process API's hub holds `count` registered subscriptions. */
export async function waitForListeners(app: TestApp, count: number): Promise<void> {
  await waitFor(async () => app.http.hub.listenerCount >= count, 20_000, 25, `${count} registered subscriptions`);
}
