import { describe, expect, it } from 'vitest';
import type { CaptureMode } from '../../../../src/modules/baselines/entities/baseline-profile.js';
import { SnapshotIdentity } from '../../../../src/modules/baselines/domain/snapshot-identity.js';

type Subject = [subjectType: string, subjectExternalId: string, baselineHash: string];

const A: Subject = ['compliancePolicy', 'p-1', 'a'.repeat(64)];
const B: Subject = ['deviceConfiguration', 'd-1', 'b'.repeat(64)];

function identity(
  subjects: Subject[],
  captureMode: CaptureMode = 'full_content',
  profileId = 'profile-1',
  scope: string[] = ['compliancePolicy', 'deviceConfiguration'],
): string {
  const builder = new SnapshotIdentity(profileId, captureMode, scope);
  for (const subject of subjects) builder.add(...subject);
  return builder.digest();
}

describe('snapshot identity', () => {
  it('is a sha256 hex digest that two captures of the same content share', () => {
    expect(identity([A, B])).toMatch(/^[0-9a-f]{64}$/);
    expect(identity([A, B])).toBe(identity([A, B]));
  });

  it('is order-sensitive: subjects fed in another order give another identity', () => {
    expect(identity([B, A])).not.toBe(identity([A, B]));
  });

  it("changes with the capture mode, the profile, a subject's baseline hash and the set of subjects", () => {
    const base = identity([A, B]);
    expect(identity([A, B], 'meta_only')).not.toBe(base);
    expect(identity([A, B], 'full_content', 'profile-2')).not.toBe(base);
    expect(identity([A, [B[0], B[1], 'c'.repeat(64)]])).not.toBe(base);
    expect(identity([A])).not.toBe(base);
  });

  it('changes with the scope, even when no subject of the added policy type exists (a widened scope is never served by an old snapshot)', () => {
    expect(identity([A, B], 'full_content', 'profile-1', ['compliancePolicy', 'deviceConfiguration', 'conditionalAccessPolicy'])).not.toBe(identity([A, B]));
    expect(identity([A, B], 'full_content', 'profile-1', ['deviceConfiguration', 'compliancePolicy'])).toBe(identity([A, B]));
  });

  it('keeps field boundaries: moving a character from one field to the next is another subject', () => {
    expect(identity([['ab', 'c', 'h']])).not.toBe(identity([['a', 'bc', 'h']]));
  });

  it('of an empty capture still depends on the profile and capture mode', () => {
    expect(identity([])).not.toBe(identity([], 'meta_only'));
    expect(identity([])).not.toBe(identity([], 'full_content', 'profile-2'));
  });
});
