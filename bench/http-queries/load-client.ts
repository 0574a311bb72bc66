/**
 * A load generator in a process of its own, so the server process's CPU time is the server's alone.
 * Forked by bench/http-queries.ts through bench/support/child-ipc.ts.
 */
import { serveParent } from '../support/child-ipc.js';
import { runLoad, type LoadOptions } from './load-loop.js';

serveParent({ load: (options: LoadOptions) => runLoad(options) }, async () => undefined);
