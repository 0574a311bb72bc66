import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/modules/workspaces/auth/actor.js';
import { ConnectionEntitlements } from '../../../src/live/connection-entitlements.js';

const actor = (id: string) => ({ user: { id }, roles: new Map(), tenantGrants: new Map() }) as unknown as Actor;

/** A loader whose loads the test finishes by hand, recording which users each load read. */
function manualLoader() {
  const loads: { userIds: string[]; finish(gone?: string[]): void; fail(error: Error): void }[] = [];
  const load = (userIds: string[]) =>
    new Promise<Map<string, Actor | null>>((resolve, reject) => {
      loads.push({
        userIds,
        finish: (gone = []) => resolve(new Map(userIds.map((id) => [id, gone.includes(id) ? null : actor(id)]))),
        fail: reject,
      });
    });
  return { loads, load };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('the entitlements of sockets authenticating together are read together, never before a socket arrived', () => {
  it('serves the sockets of one turn of the event loop with one load, each user read once', async () => {
    const { loads, load } = manualLoader();
    const entitlements = new ConnectionEntitlements(load);
    const answers = Promise.all(['u1', 'u2', 'u1'].map((id) => entitlements.load(id)));
    await turn();
    expect(loads.map((batch) => batch.userIds)).toEqual([['u1', 'u2']]);
    loads[0]!.finish(['u2']);
    expect((await answers).map((answer) => answer?.user.id ?? null)).toEqual(['u1', null, 'u1']);
  });

  it('serves a socket that arrives while a load runs with the next load, started after it arrived', async () => {
    const { loads, load } = manualLoader();
    const entitlements = new ConnectionEntitlements(load);
    const first = entitlements.load('u1');
    await turn();
    const second = entitlements.load('u1');
    const third = entitlements.load('u3');
    await turn();
    expect(loads).toHaveLength(1);
    loads[0]!.finish();
    await first;
    await turn();
    expect(loads.map((batch) => batch.userIds)).toEqual([['u1'], ['u1', 'u3']]);
    loads[1]!.finish();
    expect([(await second)?.user.id, (await third)?.user.id]).toEqual(['u1', 'u3']);
  });

  it('rejects every socket of a load that failed, and loads again for the next', async () => {
    const { loads, load } = manualLoader();
    const entitlements = new ConnectionEntitlements(load);
    const failed = Promise.allSettled([entitlements.load('u1'), entitlements.load('u2')]);
    await turn();
    loads[0]!.fail(new Error('database unreachable'));
    expect((await failed).map((result) => result.status)).toEqual(['rejected', 'rejected']);
    const later = entitlements.load('u1');
    await turn();
    loads[1]!.finish();
    expect((await later)?.user.id).toBe('u1');
  });
});
