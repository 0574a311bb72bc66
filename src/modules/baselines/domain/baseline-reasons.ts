import { ReasonCatalog } from '../../operation-runs/domain/reason-catalog.js';

/** Baseline reason codes (spec 159) with the seed's operator wording. */
export const BASELINE_REASONS = {
  'baseline.capture.missing_source_tenant': {
    label: 'Source tenant unavailable',
    explanation: 'The selected tenant is not available in this workspace for baseline capture.',
    nextStep: 'Select a source tenant from the same workspace before capturing again.',
  },
  'baseline.capture.profile_not_active': {
    label: 'Baseline profile inactive',
    explanation: 'Only active baseline profiles can be captured or compared.',
    nextStep: 'Activate the baseline profile before retrying this action.',
  },
  'baseline.capture.rollout_disabled': {
    label: 'Full-content rollout disabled',
    explanation: 'This workflow is disabled by rollout configuration in the current environment.',
    nextStep: 'Enable the rollout before retrying full-content baseline work.',
  },
  'baseline.snapshot.building': {
    label: 'Baseline still building',
    explanation: 'The selected baseline snapshot is still building and cannot be trusted for compare yet.',
    nextStep: 'Wait for capture to finish or use the current complete snapshot instead.',
  },
  'baseline.snapshot.incomplete': {
    label: 'Baseline snapshot incomplete',
    explanation: 'The snapshot did not finish cleanly, so TenantGraph will not use it for compare.',
    nextStep: 'Capture a new baseline and wait for it to complete before comparing.',
  },
  'baseline.snapshot.superseded': {
    label: 'Snapshot superseded',
    explanation: 'A newer complete baseline snapshot is current, so this historical snapshot is not compare input anymore.',
    nextStep: 'Use the current complete snapshot for compare instead of this historical copy.',
  },
  'baseline.snapshot.capture_failed': {
    label: 'Baseline capture failed',
    explanation: 'Snapshot capture stopped after the row was created, so the artifact remains unusable.',
    nextStep: 'Review the run details, then retry the capture once the failure is addressed.',
  },
  'baseline.snapshot.completion_proof_failed': {
    label: 'Completion proof failed',
    explanation: 'TenantGraph could not prove that every expected snapshot item was persisted successfully.',
    nextStep: 'Capture the baseline again so a complete snapshot can be finalized.',
  },
  'baseline.snapshot.legacy_no_proof': {
    label: 'Legacy completion unproven',
    explanation: 'This older snapshot has no reliable completion proof, so it is blocked from compare.',
    nextStep: 'Recapture the baseline to create a complete snapshot with explicit lifecycle proof.',
  },
  'baseline.snapshot.legacy_contradictory': {
    label: 'Legacy completion contradictory',
    explanation: 'Stored counts or producer-run evidence disagree, so TenantGraph treats this snapshot as incomplete.',
    nextStep: 'Recapture the baseline to replace this ambiguous historical snapshot.',
  },
  'baseline.snapshot.legacy_count_proof': {
    label: 'Legacy completion proven by counts',
    explanation: 'This older snapshot was classified complete because its recorded and persisted item counts match exactly.',
    nextStep: 'No action needed.',
  },
  'baseline.snapshot.legacy_producer_run_proof': {
    label: 'Legacy completion proven by its capture run',
    explanation: 'This older snapshot was classified complete because its capture run succeeded and its item count matches.',
    nextStep: 'No action needed.',
  },
  'baseline.snapshot.legacy_empty_capture_proof': {
    label: 'Legacy empty capture proven',
    explanation: 'This older snapshot is empty, and its capture run proves that zero items were expected.',
    nextStep: 'No action needed.',
  },
  'baseline.compare.no_assignment': {
    label: 'No baseline assigned',
    explanation: 'This tenant has no assigned baseline profile yet.',
    nextStep: 'Assign a baseline profile to the tenant before starting compare.',
  },
  'baseline.compare.profile_not_active': {
    label: 'Assigned baseline inactive',
    explanation: 'The assigned baseline profile is not active, so compare cannot start.',
    nextStep: 'Activate the assigned baseline profile or assign a different active profile.',
  },
  'baseline.compare.no_active_snapshot': {
    label: 'Current baseline unavailable',
    explanation: 'No complete baseline snapshot is currently available for compare.',
    nextStep: 'Capture a baseline and wait for it to complete before comparing.',
  },
  'baseline.compare.no_consumable_snapshot': {
    label: 'Current baseline unavailable',
    explanation: 'No complete baseline snapshot is currently available for compare.',
    nextStep: 'Capture a baseline and wait for it to complete before comparing.',
  },
  'baseline.compare.no_eligible_target': {
    label: 'No eligible compare target',
    explanation: 'No assigned tenant with compare access is currently available for this baseline profile.',
    nextStep: 'Assign this baseline to a tenant you can compare, or use an account with access to an assigned tenant.',
  },
  'baseline.compare.invalid_snapshot': {
    label: 'Selected snapshot unavailable',
    explanation: 'The requested baseline snapshot could not be found for this profile.',
    nextStep: 'Refresh the page and select a valid snapshot for this baseline profile.',
  },
  'baseline.compare.rollout_disabled': {
    label: 'Full-content rollout disabled',
    explanation: 'This workflow is disabled by rollout configuration in the current environment.',
    nextStep: 'Enable the rollout before retrying full-content baseline work.',
  },
  'baseline.compare.snapshot_building': {
    label: 'Baseline still building',
    explanation: 'The latest baseline capture is still building. Compare will be available after it completes.',
    nextStep: 'Wait for capture to finish or use the current complete snapshot instead.',
  },
  'baseline.compare.snapshot_incomplete': {
    label: 'Baseline snapshot incomplete',
    explanation: 'The latest baseline capture is incomplete. Capture a new baseline before comparing.',
    nextStep: 'Capture a new baseline and wait for it to complete before comparing.',
  },
  'baseline.compare.snapshot_superseded': {
    label: 'Snapshot superseded',
    explanation: 'A newer complete baseline snapshot is current. Compare uses the latest complete baseline only.',
    nextStep: 'Use the current complete snapshot for compare instead of this historical copy.',
  },
  'baseline.compare.tenant_archived': {
    label: 'Tenant archived',
    explanation: 'Archived tenants keep their history but cannot be compared.',
    nextStep: 'Compare an active tenant, or restore this tenant before comparing.',
  },
} as const;

export type BaselineReasonCode = keyof typeof BASELINE_REASONS;

/** The baseline reasons on their own, for code that only ever records these. */
export const BASELINE_REASON_CATALOG = new ReasonCatalog([BASELINE_REASONS]);
