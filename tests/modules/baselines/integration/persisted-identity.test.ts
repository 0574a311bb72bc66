import { beforeAll, describe, expect, it } from 'vitest';
import { SnapshotIdentity } from '../../../../src/modules/baselines/domain/snapshot-identity.js';
import { BaselineProfileSchema, type BaselineProfile } from '../../../../src/modules/baselines/entities/baseline-profile.js';
import { persistedIdentity } from '../../../../src/modules/baselines/services/persisted-identity-sql.js';
import { useApp } from '../../../support/use-app.js';

const TRICKY_SUBJECTS: [string, string, string][] = [
  ['deviceConfiguration', 'plain-1', 'a'.repeat(64)],
  ['deviceConfiguration', 'Ünïcödé – 配置 🚀', 'b'.repeat(64)],
  ['deviceConfiguration', `quote ' double " backslash \\ percent % question ?`, 'c'.repeat(64)],
  ['compliancePolicy', 'x'.repeat(400), 'd'.repeat(64)],
  ['compliancePolicy', 'tab\tnewline\nend', 'e'.repeat(64)],
];

/** The completion proof computes the identity in SQL; it must be byte-for-byte the domain's. */
describe('the identity of persisted snapshot items computed in PostgreSQL', () => {
  const suite = useApp();
  let profile: BaselineProfile;

  const nodeIdentityOfStoredOrder = async () => {
    const rows = await suite.app
      .em()
      .getConnection()
      .execute<{ subject_type: string; subject_external_id: string; baseline_hash: string }[]>(
        `select subject_type, subject_external_id, baseline_hash from baseline_snapshot_items where baseline_snapshot_id = ? order by subject_type, subject_external_id`,
        [suite.world.snapshotA],
      );
    const identity = new SnapshotIdentity(profile.id, profile.captureMode, profile.scope.policyTypes);
    for (const row of rows) identity.add(row.subject_type, row.subject_external_id, row.baseline_hash);
    return { count: rows.length, identityHash: identity.digest() };
  };

  beforeAll(async () => {
    profile = await suite.app.em().findOneOrFail(BaselineProfileSchema, { id: suite.world.profileA });
  });

  it('of a snapshot without items equals the domain identity of no subjects', async () => {
    expect(await persistedIdentity(suite.app.em(), suite.world.snapshotA, profile)).toEqual(await nodeIdentityOfStoredOrder());
  });

  it('equals the domain identity for subjects with non-ASCII, quoting and control characters', async () => {
    for (const [type, externalId, hash] of TRICKY_SUBJECTS) {
      await suite.app
        .em()
        .getConnection()
        .execute(
          `insert into baseline_snapshot_items (baseline_snapshot_id, subject_type, subject_external_id, policy_type, display_name, baseline_hash) values (?, ?, ?, ?, ?, ?)`,
          [suite.world.snapshotA, type, externalId, type, externalId.slice(0, 400), hash],
        );
    }
    const expected = await nodeIdentityOfStoredOrder();
    expect(expected.count).toBe(TRICKY_SUBJECTS.length);
    expect(await persistedIdentity(suite.app.em(), suite.world.snapshotA, profile)).toEqual(expected);
  });

  it('changes when any persisted subject differs', async () => {
    const before = await persistedIdentity(suite.app.em(), suite.world.snapshotA, profile);
    await suite.app
      .em()
      .getConnection()
      .execute(`update baseline_snapshot_items set baseline_hash = ? where baseline_snapshot_id = ? and subject_external_id = 'plain-1'`, [
        'f'.repeat(64),
        suite.world.snapshotA,
      ]);
    const after = await persistedIdentity(suite.app.em(), suite.world.snapshotA, profile);
    expect(after.count).toBe(before.count);
    expect(after.identityHash).not.toBe(before.identityHash);
    expect(after).toEqual(await nodeIdentityOfStoredOrder());
  });
});
