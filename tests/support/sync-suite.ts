import { afterAll, beforeAll } from 'vitest';
import { buildRegistry } from '../../src/app/handlers.js';
import type { RegistryOverrides } from '../../src/app/modules.js';
import { startWorker, type Worker } from '../../src/modules/operation-runs/jobs/worker.js';
import { FakeGraphServer } from './fake-graph-server.js';
import type { TestApp } from './test-app.js';
import { useApp } from './use-app.js';
import type { World } from './world.js';

/** What an inventory sync suite works with; its fields are set once the suite's `beforeAll` ran. */
export interface SyncSuite {
  readonly fake: FakeGraphServer;
  readonly app: TestApp;
  readonly world: World;
  /** The workspace A manager's token. */
  readonly token: string;
  /** The running worker (every operation type); a test that replaces it assigns the new one here. */
  worker: Worker | null;
  startWorker(): Promise<Worker>;
}

/**
 * Registers the set-up of an inventory sync suite: a fake Entra and Graph on loopback, `useApp` as
 * the workspace A manager with the API pointed at the fake (plus `env`) and, unless `worker: false`,
 * a worker; everything is closed after the suite.
 */
export function useSyncSuite(options: { env?: Record<string, string>; worker?: boolean; registry?: RegistryOverrides } = {}): SyncSuite {
  let fake: FakeGraphServer | undefined;
  // Registered before useApp: the fake starts before the API and closes after it.
  beforeAll(async () => {
    fake = await FakeGraphServer.start();
  });
  afterAll(async () => {
    await fake?.close();
  });
  const base = useApp({ as: 'managerA', env: () => ({ ...fake!.env, ...options.env }) });
  const suite: SyncSuite = {
    get fake() {
      return fake!;
    },
    get app() {
      return base.app;
    },
    get world() {
      return base.world;
    },
    get token() {
      return base.token;
    },
    worker: null,
    startWorker: () => startWorker(base.app.runtime, buildRegistry(base.app.config, options.registry)),
  };
  beforeAll(async () => {
    if (options.worker !== false) suite.worker = await suite.startWorker();
  });
  afterAll(async () => {
    await suite.worker?.close();
  });
  return suite;
}
