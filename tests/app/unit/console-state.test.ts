import { describe, expect, it } from 'vitest';
import type { ConsoleRunEventsSubscription, ConsoleRunsQuery, ConsoleWorkspaceQuery } from '../../../client/generated/graphql.js';
import {
  appliedFindings,
  appliedNotifications,
  appliedRunEvent,
  appliedSnapshotEvent,
  INITIAL_STATE,
  loadedWorkspace,
  unreadCount,
  visibleRuns,
  type ConsoleState,
} from '../../../client/console/console-state.js';
import { ANY_RUN } from '../../../client/console/run-filter.js';
import { notificationRow, profileRow, runRow, tenantRow } from '../../support/console-rows.js';

const edges = <T>(nodes: T[]) => nodes.map((node) => ({ node }));

function runsPage(runs = [runRow()]): ConsoleRunsQuery {
  return { operationRuns: { eventCursor: 'cursor-0', edges: edges(runs), pageInfo: { hasNextPage: false } } };
}

function workspacePage(overrides: { tenants?: ReturnType<typeof tenantRow>[]; profiles?: ReturnType<typeof profileRow>[] } = {}): ConsoleWorkspaceQuery {
  return {
    workspace: {
      id: 'workspace-1',
      name: 'Contoso',
      viewerRole: 'OWNER',
      viewerCapabilities: ['baselines.manage'],
      tenants: { edges: edges(overrides.tenants ?? [tenantRow()]) },
      baselineProfiles: { edges: edges(overrides.profiles ?? [profileRow()]) },
    },
    notifications: { edges: edges([notificationRow()]) },
  };
}

const loaded = (): ConsoleState => loadedWorkspace(INITIAL_STATE, runsPage(), workspacePage());

function runEvent(run: ReturnType<typeof runRow>, tenant = tenantRow()): ConsoleRunEventsSubscription['operationRunEvents'] {
  return { cursor: 'cursor-1', kind: 'COMPLETED', run: { ...run, tenant } };
}

describe("the console's state", () => {
  it('a workspace read replaces every list and selects its first profile', () => {
    const stale = { ...INITIAL_STATE, runs: new Map([['old', runRow({ id: 'old' })]]), selectedProfileId: 'gone' };
    const state = loadedWorkspace(stale, runsPage(), workspacePage());
    expect([...state.runs.keys()]).toEqual(['run-1']);
    expect([...state.tenants.keys()]).toEqual(['tenant-1']);
    expect(state.selectedProfileId).toBe('profile-1');
    expect(state.workspace).toEqual({ id: 'workspace-1', name: 'Contoso', role: 'OWNER', capabilities: ['baselines.manage'] });
    expect(unreadCount(state)).toBe(1);
  });

  it('a workspace the caller lost is an error, not an empty console', () => {
    expect(() => loadedWorkspace(INITIAL_STATE, runsPage(), { ...workspacePage(), workspace: null })).toThrow(/no longer/);
  });

  it("a run event replaces the run's row and its tenant's row with what the event carries", () => {
    const ready = tenantRow({ compareReadiness: { ...tenantRow().compareReadiness, allowed: true, nextAction: 'Compare now' } });
    const state = appliedRunEvent(loaded(), runEvent(runRow({ status: 'COMPLETED', outcome: 'SUCCEEDED' }), ready));
    expect(state.runs.get('run-1')).toEqual(runRow({ status: 'COMPLETED', outcome: 'SUCCEEDED' }));
    expect(state.tenants.get('tenant-1')!.compareReadiness.allowed).toBe(true);
  });

  it('a run event adds a run the list did not have, and leaves the state it came from untouched', () => {
    const before = loaded();
    const state = appliedRunEvent(before, runEvent(runRow({ id: 'run-2', createdAt: '2026-01-01T11:00:00.000Z' })));
    expect(visibleRuns(state).map((run) => run.id)).toEqual(['run-2', 'run-1']);
    expect([...before.runs.keys()]).toEqual(['run-1']);
  });

  it('the runs view shows only runs matching the filter, newest first', () => {
    let state: ConsoleState = { ...loaded(), runFilter: { ...ANY_RUN, status: 'RUNNING' } };
    state = appliedRunEvent(state, runEvent(runRow({ id: 'run-2', status: 'QUEUED', createdAt: '2026-01-01T11:00:00.000Z' })));
    expect(visibleRuns(state).map((run) => run.id)).toEqual(['run-1']);
    state = appliedRunEvent(state, runEvent(runRow({ status: 'COMPLETED' })));
    expect(visibleRuns(state)).toEqual([]);
  });

  it('a snapshot event replaces the profile and the rows of the tenants assigned to it', () => {
    const assigned = tenantRow({ id: 'tenant-2', name: 'Northwind' });
    const profile = profileRow({ effectiveSnapshot: { id: 'snapshot-1' }, assignments: [{ tenant: assigned }] });
    const state = appliedSnapshotEvent(loaded(), { cursor: 'cursor-2', kind: 'COMPLETE', profile });
    expect(state.profiles.get('profile-1')!.effectiveSnapshot).toEqual({ id: 'snapshot-1' });
    expect(state.tenants.get('tenant-2')).toEqual(assigned);
    expect(state.tenants.get('tenant-1')).toEqual(tenantRow());
  });

  it('a pushed notification is added, and a read one replaces the unread one', () => {
    let state = appliedNotifications(loaded(), [notificationRow({ id: 'notification-2' })]);
    expect(unreadCount(state)).toBe(2);
    state = appliedNotifications(state, [notificationRow({ readAt: '2026-01-01T12:00:00.000Z' })]);
    expect(unreadCount(state)).toBe(1);
  });

  it('findings are kept only for the tenant the findings panel shows', () => {
    const panel = { ...loaded(), findings: { tenantId: 'tenant-1', filter: { status: null, severity: null }, tenant: null } };
    const findings = { id: 'tenant-1', name: 'Fabrikam', lastCompareRun: null, findings: { edges: [], pageInfo: { hasNextPage: false } } };
    expect(appliedFindings(panel, findings).findings!.tenant).toEqual(findings);
    expect(appliedFindings(panel, { ...findings, id: 'tenant-2' })).toBe(panel);
    expect(appliedFindings(loaded(), findings).findings).toBeNull();
  });
});
