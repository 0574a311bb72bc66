import type { EntityManager } from '@mikro-orm/postgresql';
import { FIELD_END, SUBJECT_END, snapshotIdentityPrefix } from '../domain/snapshot-identity.js';
import type { BaselineProfile } from '../entities/baseline-profile.js';

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');

/** One subject's bytes, as `SnapshotIdentity.add` feeds them: UTF-8 fields with the same separators. */
const SUBJECT_BYTES = [
  `convert_to(subject_type, 'UTF8')`,
  `decode('${hex(FIELD_END)}', 'hex')`,
  `convert_to(subject_external_id, 'UTF8')`,
  `decode('${hex(FIELD_END)}', 'hex')`,
  `convert_to(baseline_hash, 'UTF8')`,
  `decode('${hex(SUBJECT_END)}', 'hex')`,
].join(' || ');

/**
 * The count and identity of a snapshot's persisted items, computed inside PostgreSQL over exactly
 * the bytes `SnapshotIdentity` hashes (the same prefix, subjects in key order), so the completion
 * proof reads one row instead of every item. The capture computes the expected identity in Node
 * from the inventory it read: a proof can only pass when the two implementations agree.
 */
export async function persistedIdentity(em: EntityManager, snapshotId: string, profile: BaselineProfile): Promise<{ count: number; identityHash: string }> {
  const prefix = snapshotIdentityPrefix(profile.id, profile.captureMode, profile.scope.policyTypes);
  const [row] = await em.execute<{ count: number; identity_hash: string }[]>(
    `select count(*)::int as count,
            encode(sha256(decode(?, 'hex') || coalesce(string_agg(${SUBJECT_BYTES}, ''::bytea order by subject_type, subject_external_id), ''::bytea)), 'hex') as identity_hash
       from baseline_snapshot_items
      where baseline_snapshot_id = ?`,
    [hex(prefix), snapshotId],
  );
  return { count: row!.count, identityHash: row!.identity_hash };
}
