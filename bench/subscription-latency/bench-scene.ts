import { issueToken } from '../../src/modules/workspaces/auth/tokens.js';
import { startHttpServer, type HttpServer } from '../../src/app/http/server.js';
import { createWorkspaceFixture, type BenchStack } from '../support/bench-stack.js';
import { createReadonlyWatchers } from '../support/readonly-watchers.js';
import { startChild, type Child } from '../support/child-ipc.js';
import type { ClientApi } from './client-process.js';
import { ServerProbe } from './server-probe.js';
import type { WriterApi } from './writer-process.js';

export interface SceneOptions {
  /** Readonly members (granted the bench tenant) whose tokens the clients use, round-robin per socket. */
  users: number;
  /** Running runs the writer moves forward, round-robin. */
  runs: number;
}

/**
 * Everything a measurement needs: the API (HTTP + graphql-ws + event hub) in this process with a
 * probe inside it, the writer and the clients in child processes, a workspace whose runs are
 * running, and tokens of its watching members.
 */
export interface Scene {
  stack: BenchStack;
  http: HttpServer;
  probe: ServerProbe;
  writer: Child<WriterApi>;
  clients: Child<ClientApi>;
  workspaceId: string;
  tokens: string[];
  graphqlUrl: string;
  socketUrl: string;
  /** Child clock minus this process's clock, per child, in ms. */
  clockOffsetsMs: { writer: number; clients: number };
  close(): Promise<void>;
}

export async function openScene(stack: BenchStack, options: SceneOptions): Promise<Scene> {
  const fixture = await createWorkspaceFixture(stack.orm.em.fork());
  const watchers = await createReadonlyWatchers(stack, fixture.workspaceId, fixture.tenantId, options.users);
  const tokens = await Promise.all(watchers.map((id) => issueToken(stack.config.auth, id, 3600)));
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
  };
  try {
    const http = await startHttpServer(stack.runtime, 0);
    closers.push(() => http.close());
    const probe = new ServerProbe();
    probe.install();
    closers.push(async () => probe.uninstall());
    const writer = await startChild<WriterApi>(new URL('./writer-process.ts', import.meta.url), stack.childEnv);
    closers.push(() => writer.stop());
    const clients = await startChild<ClientApi>(new URL('./client-process.ts', import.meta.url), stack.childEnv);
    closers.push(() => clients.stop());
    await writer.call('prepare', { workspaceId: fixture.workspaceId, tenantId: fixture.tenantId, initiatorId: fixture.userId, count: options.runs });
    return {
      stack,
      http,
      probe,
      writer,
      clients,
      workspaceId: fixture.workspaceId,
      tokens,
      graphqlUrl: `${http.url}/graphql`,
      socketUrl: `${http.url.replace(/^http/, 'ws')}/graphql`,
      clockOffsetsMs: { writer: await writer.clockOffsetMs(), clients: await clients.clockOffsetMs() },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
