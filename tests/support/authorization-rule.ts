import { expect } from 'vitest';
import { newId } from '../../src/platform/ids.js';
import { expectedOutcome, type ActorName, type AuthorizationCase } from './authorization-cases.js';
import type { AuthorizationWorld } from './authorization-world.js';
import { databaseFingerprint } from './database-fingerprint.js';
import type { TestApp } from './test-app.js';

function valueAt(data: unknown, path: (string | number)[]): unknown {
  return path.reduce<any>((value, key) => (value == null ? null : value[key]), data) ?? null;
}

/**
 * Runs one operation as one actor and checks the outcome the isolation rule predicts: the data,
 * or exactly one error with that code at the operation's path, the same NOT_FOUND message an
 * unknown id gets, and a database left untouched.
 */
export async function expectAuthorizationRule(app: TestApp, c: AuthorizationCase, actor: ActorName, w: AuthorizationWorld): Promise<void> {
  const before = await databaseFingerprint(app.em());
  const result = await app.gql(c.document, c.variables(w, c.target(w)), await app.token(w.users[actor]));
  const outcome = expectedOutcome(actor, c.reach, c.allowed);
  if (outcome === 'data') {
    expect(result.errors).toBeUndefined();
    c.entitled(valueAt(result.data, c.path), w);
    return;
  }
  expect(valueAt(result.data, c.path)).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]).toMatchObject({ path: c.path, extensions: { code: outcome } });
  if (outcome === 'NOT_FOUND') {
    const unknown = await app.gql(c.document, c.variables(w, newId()), await app.token(w.users.ownerA));
    expect(unknown.errors?.[0]).toMatchObject({ message: result.errors![0]!.message, extensions: { code: 'NOT_FOUND' } });
  }
  expect(await databaseFingerprint(app.em())).toEqual(before);
}

export function ruleTitle(c: AuthorizationCase, actor: ActorName): string {
  return `${c.name}: ${actor} -> ${expectedOutcome(actor, c.reach, c.allowed)}`;
}
