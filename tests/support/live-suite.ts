import { afterAll, beforeAll } from 'vitest';
import { buildRegistry } from '../../src/app/handlers.js';
import { startWorker, type Worker } from '../../src/modules/operation-runs/jobs/worker.js';
import type { SubscriptionSocket } from './subscription-client.js';
import { startTestApp, type TestApp } from './test-app.js';
import { createWorld, type World } from './world.js';

/** What a live-update suite works with; its fields are set once the suite's `beforeAll` ran. */
export interface LiveSuite {
  app: TestApp;
  world: World;
  /** Sockets to close when the suite ends. */
  sockets: SubscriptionSocket[];
}

/**
 * Registers the set-up of a live-update suite: the API in-process (configured with `env`), the
 * two-workspace world, and, with `worker`, a worker running the test operation types; everything
 * is closed after the suite.
 */
export function useLiveSuite(options: { worker?: boolean; env?: Record<string, string> } = {}): LiveSuite {
  const suite = { sockets: [] as SubscriptionSocket[] } as LiveSuite;
  let worker: Worker | null = null;
  beforeAll(async () => {
    suite.app = await startTestApp({ ...(options.worker ? { TENANTGRAPH_TEST_OPERATIONS: '1' } : {}), ...options.env });
    suite.world = await createWorld(suite.app.em());
    if (options.worker) worker = await startWorker(suite.app.runtime, buildRegistry(suite.app.config));
  });
  afterAll(async () => {
    await Promise.all(suite.sockets.map((socket) => socket.close()));
    await worker?.close();
    await suite.app?.close();
  });
  return suite;
}
