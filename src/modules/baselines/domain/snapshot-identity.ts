import { createHash, type Hash } from 'node:crypto';
import type { CaptureMode } from '../entities/baseline-profile.js';

/** Ends each of a subject's fields but the last (UTF-8 NUL). */
export const FIELD_END = '\u0000';
/** Ends each subject (UTF-8 SOH). The completion proof's SQL (`persisted-identity-sql.ts`) writes the same bytes. */
export const SUBJECT_END = '\u0001';

/**
 * What the identity hash is fed before the subjects: version, profile, capture mode and scope. The
 * scope is part of the identity: widening a scope never reuses a snapshot taken under the old one.
 */
export function snapshotIdentityPrefix(profileId: string, captureMode: CaptureMode, policyTypes: readonly string[]): string {
  const scope = [...new Set(policyTypes)].sort().join('\u0002');
  return `tenantgraph.snapshot.v2${FIELD_END}${profileId}${FIELD_END}${captureMode}${FIELD_END}${scope}${FIELD_END}`;
}

/**
 * Builds a snapshot's identity: the profile, its capture mode and scope, and every captured subject with its
 * baseline hash, fed in subject order. Two captures of the same content have the same identity.
 */
export class SnapshotIdentity {
  private readonly hash: Hash;

  constructor(profileId: string, captureMode: CaptureMode, policyTypes: readonly string[]) {
    this.hash = createHash('sha256').update(snapshotIdentityPrefix(profileId, captureMode, policyTypes));
  }

  /** Subjects must be added sorted by (subjectType, subjectExternalId). */
  add(subjectType: string, subjectExternalId: string, baselineHash: string): void {
    this.hash.update(`${subjectType}${FIELD_END}${subjectExternalId}${FIELD_END}${baselineHash}${SUBJECT_END}`);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
