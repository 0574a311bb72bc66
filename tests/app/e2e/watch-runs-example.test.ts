import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RUN_EVENT_KINDS } from '../../../src/outbox/kinds.js';
import { useLiveSuite } from '../../support/live-suite.js';
import { launchTestRun, runEvents, waitForCompletedRun } from '../../support/test-runs.js';
import { waitFor } from '../../support/wait-for.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const RUN_KINDS = new Set<string>(RUN_EVENT_KINDS);

describe('the typed Node client example (client/examples/watch-runs.ts)', () => {
  const live = useLiveSuite({ worker: true });
  const children: ReturnType<typeof spawn>[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('lists the newest runs, then prints every transition of a later run in order, and stops on SIGTERM', async () => {
    const scope = { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 };
    const earlier = await launchTestRun(live.app, scope);
    await waitForCompletedRun(live.app, earlier.id);

    const child = spawn(process.execPath, ['--import', 'tsx', 'client/examples/watch-runs.ts', live.world.workspaceA, live.app.http.url], {
      cwd: ROOT,
      env: { ...process.env, TENANTGRAPH_TOKEN: await live.app.token(live.world.users.ownerA) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const lines = () => output.split('\n');

    await waitFor(async () => output.includes(`listed    ${earlier.id} test.noop Alpha: Completed / Succeeded`), 60_000, 50, `the listed run in:\n${output}`);
    // Started after the list was read: its transitions come from the subscription, from the list's cursor on.
    const later = await launchTestRun(live.app, scope, { steps: 2, ms: 50 });
    await waitForCompletedRun(live.app, later.id);
    await waitFor(async () => output.includes(`COMPLETED ${later.id}`), 30_000, 50, `the later run to complete in:\n${output}`);

    const printed = lines()
      .filter((line) => line.includes(later.id))
      .map((line) => line.split(' ')[0]);
    const written = (await runEvents(live.app, later.id)).map((event) => event.kind).filter((kind) => RUN_KINDS.has(kind));
    expect(printed).toEqual(written);
    expect(lines().find((line) => line.startsWith(`COMPLETED ${later.id}`))).toBe(`COMPLETED ${later.id} test.noop Alpha: Completed / Succeeded`);

    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
