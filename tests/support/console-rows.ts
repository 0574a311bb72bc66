import type { NotificationRowFragment, ProfileRowFragment, RunRowFragment, TenantRowFragment } from '../../client/generated/graphql.js';

/** Rows as the console receives them, for the console's pure functions. */
export function runRow(overrides: Partial<RunRowFragment> = {}): RunRowFragment {
  return {
    id: 'run-1',
    type: 'baseline_capture',
    createdAt: '2026-01-01T10:00:00.000Z',
    completedAt: null,
    status: 'RUNNING',
    outcome: 'PENDING',
    statusPresentation: { label: 'Running', tone: 'INFO' },
    outcomePresentation: { label: 'Pending', tone: 'NEUTRAL' },
    freshness: { state: 'FRESH_ACTIVE', label: 'Active', staleAt: null },
    summaryCounts: [],
    reason: null,
    reconciliation: null,
    artifactTruth: null,
    initiator: null,
    tenant: { id: 'tenant-1', name: 'Fabrikam' },
    ...overrides,
  };
}

export function tenantRow(overrides: Partial<TenantRowFragment> = {}): TenantRowFragment {
  return {
    id: 'tenant-1',
    name: 'Fabrikam',
    status: 'ACTIVE',
    assignedBaselineProfile: null,
    compareReadiness: { allowed: false, nextAction: 'Assign a baseline profile', reason: null, effectiveSnapshot: null, latestAttemptedSnapshot: null },
    lastCompareRun: null,
    ...overrides,
  };
}

export function profileRow(overrides: Partial<ProfileRowFragment> = {}): ProfileRowFragment {
  return {
    id: 'profile-1',
    name: 'Security baseline',
    status: 'ACTIVE',
    captureMode: 'FULL_CONTENT',
    effectiveSnapshot: null,
    snapshots: { edges: [], pageInfo: { hasNextPage: false } },
    assignments: [],
    ...overrides,
  };
}

export function notificationRow(overrides: Partial<NotificationRowFragment> = {}): NotificationRowFragment {
  return {
    id: 'notification-1',
    title: 'Baseline capture completed',
    body: 'The run finished successfully.',
    tone: 'SUCCESS',
    createdAt: '2026-01-01T10:00:00.000Z',
    readAt: null,
    run: null,
    ...overrides,
  };
}
