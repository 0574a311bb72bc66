/** What capture eligibility looks at: the profile and the tenant a capture would read from. */
export interface CaptureProfileFacts {
  workspaceId: string;
  status: string;
}

export interface CaptureSourceFacts {
  workspaceId: string;
  status: string;
}

/**
 * The one rule for whether a baseline capture may run, checked when it is started and again when
 * its job begins (the profile or tenant may have changed in between): the profile must be active,
 * and the source tenant must exist, be active and belong to the profile's workspace. Returns the
 * blocking reason code, or null when the capture may run.
 */
export function captureBlockedReason(profile: CaptureProfileFacts | null, source: CaptureSourceFacts | null, runWorkspaceId?: string): string | null {
  if (!profile || profile.status !== 'active' || (runWorkspaceId !== undefined && profile.workspaceId !== runWorkspaceId))
    return 'baseline.capture.profile_not_active';
  if (!source || source.workspaceId !== profile.workspaceId || source.status !== 'active') return 'baseline.capture.missing_source_tenant';
  return null;
}

/** The facts of a profile or tenant row (both carry `workspace` and `status`); null for a row that does not exist. */
export function captureFacts(row: { workspace: string; status: string } | null): CaptureProfileFacts | null {
  return row ? { workspaceId: row.workspace, status: row.status } : null;
}
