import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotIdentity } from '../../src/modules/baselines/domain/snapshot-identity.js';
import { BaselineProfileSchema, type BaselineProfile } from '../../src/modules/baselines/entities/baseline-profile.js';
import { persistedIdentity } from '../../src/modules/baselines/services/persisted-identity-sql.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createWorld, type World } from '../support/world.js';

const TRICKY_SUBJECTS: [string, string, string][] = [
  ['deviceConfiguration', 'plain-1', 'a'.repeat(64)],
  ['deviceConfiguration', 'Ünïcödé – 配置 🚀', 'b'.repeat(64)],
  ['deviceConfiguration', `quote ' double " backslash \\ percent % question ?`, 'c'.repeat(64)],
  ['compliancePolicy', 'x'.repeat(400), 'd'.repeat(64)],
  ['compliancePolicy', 'tab\tnewline\nend', 'e'.repeat(64)],
];

/** The completion proof computes the identity in SQL; it must be byte-for-byte the domain's. */
describe('the identity of persisted snapshot items computed in PostgreSQL', () => {
  let app: TestApp;
  let world: World;
  let profile: BaselineProfile;

  const nodeIdentityOfStoredOrder = async () => {
    const rows = await app
      .em()
      .getConnection()
      .execute<{ subject_type: string; subject_external_id: string; baseline_hash: string }[]>(
        `select subject_type, subject_external_id, baseline_hash from baseline_snapshot_items where baseline_snapshot_id = ? order by subject_type, subject_external_id`,
        [world.snapshotA],
      );
    const identity = new SnapshotIdentity(profile.id, profile.captureMode, profile.scope.policyTypes);
    for (const row of rows) identity.add(row.subject_type, row.subject_external_id, row.baseline_hash);
    return { count: rows.length, identityHash: identity.digest() };
  };

  beforeAll(async () => {
    app = await startTestApp();
    world = await createWorld(app.em());
    profile = await app.em().findOneOrFail(BaselineProfileSchema, { id: world.profileA });
  });
  afterAll(() => app.close());

  it('of a snapshot without items equals the domain identity of no subjects', async () => {
    expect(await persistedIdentity(app.em(), world.snapshotA, profile)).toEqual(await nodeIdentityOfStoredOrder());
  });

  it('equals the domain identity for subjects with non-ASCII, quoting and control characters', async () => {
    for (const [type, externalId, hash] of TRICKY_SUBJECTS) {
      await app
        .em()
        .getConnection()
        .execute(
          `insert into baseline_snapshot_items (baseline_snapshot_id, subject_type, subject_external_id, policy_type, display_name, baseline_hash) values (?, ?, ?, ?, ?, ?)`,
          [world.snapshotA, type, externalId, type, externalId.slice(0, 400), hash],
        );
    }
    const expected = await nodeIdentityOfStoredOrder();
    expect(expected.count).toBe(TRICKY_SUBJECTS.length);
    expect(await persistedIdentity(app.em(), world.snapshotA, profile)).toEqual(expected);
  });

  it('changes when any persisted subject differs', async () => {
    const before = await persistedIdentity(app.em(), world.snapshotA, profile);
    await app
      .em()
      .getConnection()
      .execute(`update baseline_snapshot_items set baseline_hash = ? where baseline_snapshot_id = ? and subject_external_id = 'plain-1'`, [
        'f'.repeat(64),
        world.snapshotA,
      ]);
    const after = await persistedIdentity(app.em(), world.snapshotA, profile);
    expect(after.count).toBe(before.count);
    expect(after.identityHash).not.toBe(before.identityHash);
    expect(after).toEqual(await nodeIdentityOfStoredOrder());
  });
});
