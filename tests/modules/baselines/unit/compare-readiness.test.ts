import { describe, expect, it } from 'vitest';
import { profileCompareReadiness, tenantCompareReadiness } from '../../../../src/modules/baselines/domain/compare-readiness.js';
import { REASONS } from '../../../../src/app/reasons.js';
import { PROFILE, snapshotAt } from '../../../support/snapshot-facts.js';

const complete = snapshotAt('s-complete', 0, 'complete');
const building = snapshotAt('s-building', 10, 'building');
const incomplete = snapshotAt('s-incomplete', 10, 'incomplete');
const activeProfile = { ...PROFILE, status: 'active' };
const activeTenant = { status: 'active' };

describe('tenant compare readiness', () => {
  it('is allowed against the effective snapshot, with "Compare now" as the next action', () => {
    expect(tenantCompareReadiness({ tenant: activeTenant, profile: activeProfile, effective: complete, latestAttempted: building })).toEqual({
      allowed: true,
      reasonCode: null,
      nextAction: 'Compare now',
      snapshot: complete,
    });
  });

  it.each([
    ['the tenant is archived', { tenant: { status: 'archived' }, profile: activeProfile }, 'baseline.compare.tenant_archived'],
    [
      'an archived tenant has no assignment either: archived is reported first',
      { tenant: { status: 'archived' }, profile: null },
      'baseline.compare.tenant_archived',
    ],
    ['no profile is assigned', { tenant: activeTenant, profile: null }, 'baseline.compare.no_assignment'],
    ['the assigned profile is a draft', { tenant: activeTenant, profile: { ...PROFILE, status: 'draft' } }, 'baseline.compare.profile_not_active'],
    ['the assigned profile is archived', { tenant: activeTenant, profile: { ...PROFILE, status: 'archived' } }, 'baseline.compare.profile_not_active'],
  ])('is blocked when %s, even with a complete snapshot', (_name, input, reasonCode) => {
    const verdict = tenantCompareReadiness({ ...input, effective: complete, latestAttempted: complete });
    expect(verdict).toEqual({ allowed: false, reasonCode, nextAction: REASONS.describe(reasonCode).nextStep, snapshot: null });
  });

  it.each([
    ['is building', building, 'baseline.compare.snapshot_building'],
    ['is incomplete', incomplete, 'baseline.compare.snapshot_incomplete'],
    ['does not exist', null, 'baseline.compare.no_consumable_snapshot'],
  ])("is blocked without a complete snapshot when the latest attempt %s, with that reason's next step", (_name, latestAttempted, reasonCode) => {
    const verdict = tenantCompareReadiness({ tenant: activeTenant, profile: activeProfile, effective: null, latestAttempted });
    expect(verdict).toEqual({ allowed: false, reasonCode, nextAction: REASONS.describe(reasonCode).nextStep, snapshot: null });
  });

  it('refuses an explicit selection that is not the effective snapshot', () => {
    const older = snapshotAt('s-older', -10, 'complete');
    const verdict = tenantCompareReadiness({ tenant: activeTenant, profile: activeProfile, explicit: older, effective: complete, latestAttempted: complete });
    expect(verdict).toMatchObject({ allowed: false, reasonCode: 'baseline.compare.snapshot_superseded' });
  });

  it('accepts an explicit selection of the effective snapshot', () => {
    const verdict = tenantCompareReadiness({
      tenant: activeTenant,
      profile: activeProfile,
      explicit: complete,
      effective: complete,
      latestAttempted: complete,
    });
    expect(verdict).toMatchObject({ allowed: true, snapshot: complete });
  });
});

describe('profile compare readiness', () => {
  it('is allowed for an active profile with an effective snapshot', () => {
    expect(profileCompareReadiness({ profile: activeProfile, effective: complete, latestAttempted: incomplete })).toMatchObject({
      allowed: true,
      nextAction: 'Compare now',
      snapshot: complete,
    });
  });

  it('is blocked for a profile that is not active', () => {
    expect(profileCompareReadiness({ profile: { ...PROFILE, status: 'draft' }, effective: complete, latestAttempted: complete })).toMatchObject({
      allowed: false,
      reasonCode: 'baseline.compare.profile_not_active',
      nextAction: 'Activate the assigned baseline profile or assign a different active profile.',
    });
  });

  it('is blocked with "Current baseline unavailable" when nothing was ever captured', () => {
    const verdict = profileCompareReadiness({ profile: activeProfile, effective: null, latestAttempted: null });
    expect(verdict).toMatchObject({ allowed: false, reasonCode: 'baseline.compare.no_consumable_snapshot' });
    expect(REASONS.describe(verdict.reasonCode!).label).toBe('Current baseline unavailable');
  });
});
