import { afterAll } from 'vitest';
import type { SubscriptionSocket } from './subscription-client.js';
import { useApp, type AppFixture, type UseAppOptions } from './use-app.js';

/** What a live-update suite works with: the `useApp` fixture plus the sockets its tests open. */
export interface LiveSuite extends AppFixture {
  /** Sockets to close when the suite ends (before the app). */
  sockets: SubscriptionSocket[];
}

/**
 * Registers the set-up of a live-update suite: `useApp` with `options`, whose worker, when asked
 * for, runs the test operation types too; the sockets the tests push to `sockets` are closed after
 * the suite, before the app.
 */
export function useLiveSuite(options: Pick<UseAppOptions, 'as'> & { worker?: boolean; env?: Record<string, string> } = {}): LiveSuite {
  const suite = useApp({ ...options, env: { ...(options.worker ? { TENANTGRAPH_TEST_OPERATIONS: '1' } : {}), ...options.env } });
  const sockets: SubscriptionSocket[] = [];
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
  });
  return Object.assign(suite, { sockets });
}
