import { describe, expect, it } from 'vitest';
import { BASELINE_REASONS } from '../../../../src/modules/baselines/domain/baseline-reasons.js';
import { REASONS } from '../../../../src/app/reasons.js';

type Wording = [label: string, explanation: string, nextStep: string];

const BUILDING_NEXT = 'Wait for capture to finish or use the current complete snapshot instead.';
const RECAPTURE_NEXT = 'Capture a new baseline and wait for it to complete before comparing.';
const SUPERSEDED_NEXT = 'Use the current complete snapshot for compare instead of this historical copy.';
const ROLLOUT: Wording = [
  'Full-content rollout disabled',
  'This workflow is disabled by rollout configuration in the current environment.',
  'Enable the rollout before retrying full-content baseline work.',
];
const UNAVAILABLE: Wording = [
  'Current baseline unavailable',
  'No complete baseline snapshot is currently available for compare.',
  'Capture a baseline and wait for it to complete before comparing.',
];

/**
 * Every code of the seed's BaselineReasonCodes::all() with the seed's operator wording (the
 * product name reads TenantGraph). The compare-start codes explain themselves with the seed's
 * compare-landing messages.
 */
const SEED_WORDING: Record<string, Wording> = {
  'baseline.capture.missing_source_tenant': [
    'Source tenant unavailable',
    'The selected tenant is not available in this workspace for baseline capture.',
    'Select a source tenant from the same workspace before capturing again.',
  ],
  'baseline.capture.profile_not_active': [
    'Baseline profile inactive',
    'Only active baseline profiles can be captured or compared.',
    'Activate the baseline profile before retrying this action.',
  ],
  'baseline.capture.rollout_disabled': ROLLOUT,
  'baseline.snapshot.building': [
    'Baseline still building',
    'The selected baseline snapshot is still building and cannot be trusted for compare yet.',
    BUILDING_NEXT,
  ],
  'baseline.snapshot.incomplete': [
    'Baseline snapshot incomplete',
    'The snapshot did not finish cleanly, so TenantGraph will not use it for compare.',
    RECAPTURE_NEXT,
  ],
  'baseline.snapshot.superseded': [
    'Snapshot superseded',
    'A newer complete baseline snapshot is current, so this historical snapshot is not compare input anymore.',
    SUPERSEDED_NEXT,
  ],
  'baseline.snapshot.capture_failed': [
    'Baseline capture failed',
    'Snapshot capture stopped after the row was created, so the artifact remains unusable.',
    'Review the run details, then retry the capture once the failure is addressed.',
  ],
  'baseline.snapshot.completion_proof_failed': [
    'Completion proof failed',
    'TenantGraph could not prove that every expected snapshot item was persisted successfully.',
    'Capture the baseline again so a complete snapshot can be finalized.',
  ],
  'baseline.snapshot.legacy_no_proof': [
    'Legacy completion unproven',
    'This older snapshot has no reliable completion proof, so it is blocked from compare.',
    'Recapture the baseline to create a complete snapshot with explicit lifecycle proof.',
  ],
  'baseline.snapshot.legacy_contradictory': [
    'Legacy completion contradictory',
    'Stored counts or producer-run evidence disagree, so TenantGraph treats this snapshot as incomplete.',
    'Recapture the baseline to replace this ambiguous historical snapshot.',
  ],
  'baseline.compare.no_assignment': [
    'No baseline assigned',
    'This tenant has no assigned baseline profile yet.',
    'Assign a baseline profile to the tenant before starting compare.',
  ],
  'baseline.compare.profile_not_active': [
    'Assigned baseline inactive',
    'The assigned baseline profile is not active, so compare cannot start.',
    'Activate the assigned baseline profile or assign a different active profile.',
  ],
  'baseline.compare.no_active_snapshot': UNAVAILABLE,
  'baseline.compare.no_consumable_snapshot': UNAVAILABLE,
  'baseline.compare.no_eligible_target': [
    'No eligible compare target',
    'No assigned tenant with compare access is currently available for this baseline profile.',
    'Assign this baseline to a tenant you can compare, or use an account with access to an assigned tenant.',
  ],
  'baseline.compare.invalid_snapshot': [
    'Selected snapshot unavailable',
    'The requested baseline snapshot could not be found for this profile.',
    'Refresh the page and select a valid snapshot for this baseline profile.',
  ],
  'baseline.compare.rollout_disabled': ROLLOUT,
  'baseline.compare.snapshot_building': [
    'Baseline still building',
    'The latest baseline capture is still building. Compare will be available after it completes.',
    BUILDING_NEXT,
  ],
  'baseline.compare.snapshot_incomplete': [
    'Baseline snapshot incomplete',
    'The latest baseline capture is incomplete. Capture a new baseline before comparing.',
    RECAPTURE_NEXT,
  ],
  'baseline.compare.snapshot_superseded': [
    'Snapshot superseded',
    'A newer complete baseline snapshot is current. Compare uses the latest complete baseline only.',
    SUPERSEDED_NEXT,
  ],
};

/** Codes tenantgraph adds to the seed's: the legacy proof rules that classify a row complete, and archived tenants. */
const ADDED_CODES = [
  'baseline.snapshot.legacy_count_proof',
  'baseline.snapshot.legacy_producer_run_proof',
  'baseline.snapshot.legacy_empty_capture_proof',
  'baseline.compare.tenant_archived',
];

describe('baseline reason catalog', () => {
  it.each(Object.entries(SEED_WORDING))('%s has its seed label, explanation and next step', (code, [label, explanation, nextStep]) => {
    expect(REASONS.isKnown(code)).toBe(true);
    expect(REASONS.describe(code)).toEqual({ code, label, explanation, nextStep });
  });

  it('catalogs exactly the seed codes plus the codes tenantgraph adds, each once in the one catalog', () => {
    expect(Object.keys(BASELINE_REASONS).sort()).toEqual([...Object.keys(SEED_WORDING), ...ADDED_CODES].sort());
    const listed = REASONS.all().map((reason) => reason.code);
    for (const code of Object.keys(BASELINE_REASONS)) expect(listed.filter((entry) => entry === code)).toEqual([code]);
  });

  it.each(ADDED_CODES)('%s has a label, an explanation and a next step', (code) => {
    const reason = REASONS.describe(code);
    for (const text of [reason.label, reason.explanation, reason.nextStep]) expect(text.trim().length).toBeGreaterThan(0);
  });

  it('primary wording uses baseline vocabulary, never internal terms or the old product name', () => {
    for (const code of Object.keys(BASELINE_REASONS)) {
      const { label, explanation, nextStep } = REASONS.describe(code);
      expect(`${label} ${explanation} ${nextStep}`, code).not.toMatch(/partial write|resume token|integrity meta|TenantPilot|exception/i);
    }
  });

  it('an unknown baseline code falls back to a safe generic entry and keeps the code', () => {
    const code = 'baseline.snapshot.from_a_newer_version';
    expect(REASONS.isKnown(code)).toBe(false);
    expect(REASONS.describe(code)).toEqual({
      code,
      label: 'Run needs review',
      explanation: 'The platform recorded a reason this version does not describe.',
      nextStep: 'Review the run details and diagnostics before retrying.',
    });
  });
});
