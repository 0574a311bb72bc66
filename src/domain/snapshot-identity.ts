import { createHash, type Hash } from 'node:crypto';
import type { CaptureMode } from '../entities/baseline-profile.js';

/**
 * Builds a snapshot's identity: the profile, its capture mode and scope, and every captured subject with its
 * baseline hash, fed in subject order. Two captures of the same content have the same identity.
 */
export class SnapshotIdentity {
  private readonly hash: Hash;

  /** The scope is part of the identity: widening a scope never reuses a snapshot taken under the old one. */
  constructor(profileId: string, captureMode: CaptureMode, policyTypes: readonly string[]) {
    const scope = [...new Set(policyTypes)].sort().join('\u0002');
    this.hash = createHash('sha256').update(`tenantgraph.snapshot.v2\u0000${profileId}\u0000${captureMode}\u0000${scope}\u0000`);
  }

  /** Subjects must be added sorted by (subjectType, subjectExternalId). */
  add(subjectType: string, subjectExternalId: string, baselineHash: string): void {
    this.hash.update(`${subjectType}\u0000${subjectExternalId}\u0000${baselineHash}\u0001`);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
