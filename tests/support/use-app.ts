import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll } from 'vitest';
import { buildRegistry } from '../../src/app/handlers.js';
import { startWorker, type Worker } from '../../src/modules/operation-runs/jobs/worker.js';
import { startTestApp, type GqlResult, type TestApp } from './test-app.js';
import { createWorld, type World } from './world.js';

export interface UseAppOptions {
  /** Whose token `token` and `gql` carry (default `ownerA`). */
  as?: keyof World['users'];
  /**
   * An in-process worker, closed before the API: `true` runs every operation type of the app's
   * registry (the test types too when `env` sets TENANTGRAPH_TEST_OPERATIONS); a function starts the
   * worker the suite needs instead (e.g. `startBaselineWorker` for some types only).
   */
  worker?: boolean | ((app: TestApp) => Promise<Worker>);
  /** Settings passed to `startTestApp`; a function is called when the suite starts (for values known only then). */
  env?: Record<string, string> | (() => Record<string, string>);
  /** Whether to create the two-workspace world (default true); without it there is no `world` and no `token`. */
  world?: boolean;
}

/** What a suite works with; each getter is valid once the suite's `beforeAll` ran (inside tests and later hooks). */
export interface AppFixture {
  readonly app: TestApp;
  readonly world: World;
  /** The token of the user chosen with `as`. */
  readonly token: string;
  /** The worker started with `worker`. */
  readonly worker: Worker;
  /** A GraphQL request as the user chosen with `as`. */
  gql<TData = any, TVariables = Record<string, unknown>>(
    query: string | TypedDocumentNode<TData, TVariables>,
    variables?: TVariables,
  ): Promise<GqlResult<TData>>;
}

/**
 * Registers the set-up of a suite: the API in-process (configured with `env`) on a database and
 * Redis prefix of its own, the two-workspace world, the token of the user `as`, and, with `worker`,
 * a worker; all of it is closed after the suite. Hooks a suite registers after this call run after
 * its `beforeAll`, and their `afterAll` before it closes the worker and the app (vitest's default
 * `sequence.hooks: 'stack'` runs `afterAll` hooks in reverse order of registration).
 */
export function useApp(options: UseAppOptions = {}): AppFixture {
  let app: TestApp | undefined;
  let world: World | undefined;
  let token: string | undefined;
  let worker: Worker | undefined;

  beforeAll(async () => {
    app = await startTestApp(typeof options.env === 'function' ? options.env() : options.env);
    if (options.world !== false) {
      world = await createWorld(app.em());
      token = await app.token(world.users[options.as ?? 'ownerA']);
    }
    if (options.worker === true) worker = await startWorker(app.runtime, buildRegistry(app.config));
    else if (options.worker) worker = await options.worker(app);
  });
  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) {
      throw new Error(
        app === undefined
          ? `useApp: \`${name}\` is set once the suite's beforeAll ran; read it inside a test or a hook.`
          : `useApp: this suite has no \`${name}\` (see its options).`,
      );
    }
    return value;
  };
  return {
    get app() {
      return ready(app, 'app');
    },
    get world() {
      return ready(world, 'world');
    },
    get token() {
      return ready(token, 'token');
    },
    get worker() {
      return ready(worker, 'worker');
    },
    gql(query, variables) {
      return ready(app, 'app').gql(query, variables, ready(token, 'token'));
    },
  };
}
