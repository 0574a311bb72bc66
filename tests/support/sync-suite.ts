import { afterAll, beforeAll } from 'vitest';
import { buildRegistry } from '../../src/app/handlers.js';
import type { RegistryOverrides } from '../../src/app/modules.js';
import { startWorker, type Worker } from '../../src/modules/operation-runs/jobs/worker.js';
import { FakeGraphServer } from './fake-graph-server.js';
import { startTestApp, type TestApp } from './test-app.js';
import { createWorld, type World } from './world.js';

/** What an inventory sync suite works with; its fields are set once the suite's `beforeAll` ran. */
export interface SyncSuite {
  fake: FakeGraphServer;
  app: TestApp;
  world: World;
  /** The workspace A manager's token. */
  token: string;
  /** The running worker (every operation type); a test that replaces it assigns the new one here. */
  worker: Worker | null;
  startWorker(): Promise<Worker>;
}

/**
 * Registers the set-up of an inventory sync suite: a fake Entra and Graph on loopback, the API
 * in-process pointed at it (plus `env`), the two-workspace world and, unless `worker: false`, a
 * worker; everything is closed after the suite.
 */
export function useSyncSuite(options: { env?: Record<string, string>; worker?: boolean; registry?: RegistryOverrides } = {}): SyncSuite {
  const suite = {
    worker: null,
    startWorker: () => startWorker(suite.app.runtime, buildRegistry(suite.app.config, options.registry)),
  } as unknown as SyncSuite;
  beforeAll(async () => {
    suite.fake = await FakeGraphServer.start();
    suite.app = await startTestApp({ ...suite.fake.env, ...options.env });
    suite.world = await createWorld(suite.app.em());
    suite.token = await suite.app.token(suite.world.users.managerA);
    if (options.worker !== false) suite.worker = await suite.startWorker();
  });
  afterAll(async () => {
    await suite.worker?.close();
    await suite.app?.close();
    await suite.fake?.close();
  });
  return suite;
}
