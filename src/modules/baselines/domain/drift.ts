import type { FindingKind, FindingSeverity } from '../entities/finding.js';

/**
 * How one subject drifts from its baseline: absent in the tenant (missing), present in the tenant
 * but not in the baseline (unexpected), or present in both with different content (different).
 * Null when it matches.
 */
export function classifyDrift(baselineHash: string | null, currentHash: string | null): FindingKind | null {
  if (baselineHash !== null && currentHash === null) return 'missing';
  if (baselineHash === null && currentHash !== null) return 'unexpected';
  if (baselineHash !== null && currentHash !== null && baselineHash !== currentHash) return 'different';
  return null;
}

const SEVERITY: Record<FindingKind, FindingSeverity> = {
  missing: 'high',
  different: 'medium',
  unexpected: 'low',
};

/** A required baseline setting that is absent weighs most; an extra one least. */
export function driftSeverity(kind: FindingKind): FindingSeverity {
  return SEVERITY[kind];
}

/** The scope findings are grouped by: everything compared against one baseline profile. */
export function findingScopeKey(profileId: string): string {
  return `baseline_profile:${profileId}`;
}
