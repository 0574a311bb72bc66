import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { epochNow } from './epoch-clock.js';

/** What a child process offers its parent: named async calls with one structured-clonable argument. */
export type Handlers = Record<string, (args: any) => Promise<unknown>>;

interface Request {
  id: number;
  method: string;
  args: unknown;
}

type Message = { ready: true } | { id: number; result: unknown } | { id: number; error: string };

export interface Child<H extends Handlers> {
  call<K extends keyof H & string>(method: K, args: Parameters<H[K]>[0]): Promise<Awaited<ReturnType<H[K]>>>;
  /** The child's epoch clock minus this process's, from the fastest of several round trips, in ms. */
  clockOffsetMs(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Forks a TypeScript module (run with tsx) that calls `serveParent`, and resolves once it is
 * serving. Arguments and results travel by structured clone over the IPC channel. `nodeFlags` are
 * extra Node.js options of the child (e.g. `--expose-gc`).
 */
export async function startChild<H extends Handlers>(module: URL, env: Record<string, string>, nodeFlags: string[] = []): Promise<Child<H>> {
  const child = fork(fileURLToPath(module), [], {
    execArgv: [...nodeFlags, '--import', 'tsx'],
    env: { ...process.env, ...env },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  void exited.then((code) => {
    for (const { reject } of pending.values()) reject(new Error(`${module.pathname} exited with code ${code}.`));
    pending.clear();
  });
  child.on('message', (message: Message) => {
    if ('ready' in message) return markReady();
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if ('error' in message) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.result);
  });
  const call = (method: string, args: unknown) =>
    new Promise<any>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, method, args } satisfies Request);
    });
  await Promise.race([ready, exited.then((code) => Promise.reject(new Error(`${module.pathname} exited with code ${code} before it was ready.`)))]);
  return {
    call,
    async clockOffsetMs() {
      let best = { roundTripMs: Number.POSITIVE_INFINITY, offsetMs: 0 };
      for (let sample = 0; sample < 25; sample++) {
        const sent = epochNow();
        const theirs = (await call('clock', undefined)) as number;
        const back = epochNow();
        if (back - sent < best.roundTripMs) best = { roundTripMs: back - sent, offsetMs: theirs - (sent + back) / 2 };
      }
      return best.offsetMs;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await call('stop', undefined).catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** In the child: answers the parent's calls; `close` releases the child's resources before it exits. */
export function serveParent(handlers: Handlers, close: () => Promise<void>): void {
  const quit = () => void close().finally(() => process.exit(0));
  const all: Handlers = {
    ...handlers,
    clock: async () => epochNow(),
    stop: async () => {
      setImmediate(quit);
      return true;
    },
  };
  process.on('message', (request: Request) => {
    const handler = all[request.method];
    const answer = handler ? handler(request.args) : Promise.reject(new Error(`Unknown call ${request.method}.`));
    answer.then(
      (result) => process.send!({ id: request.id, result } satisfies Message),
      (error: unknown) => process.send!({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Message),
    );
  });
  process.once('disconnect', quit);
  process.send!({ ready: true } satisfies Message);
}
