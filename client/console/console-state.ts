import type {
  ConsoleRunEventsSubscription,
  ConsoleRunsQuery,
  ConsoleSnapshotEventsSubscription,
  ConsoleWorkspaceQuery,
  FindingSeverity,
  FindingStatus,
  NotificationRowFragment,
  ProfileRowFragment,
  RunRowFragment,
  TenantFindingsViewFragment,
  TenantRowFragment,
} from '../generated/graphql.js';
import { ANY_RUN, matchesRunFilter, type RunFilter } from './run-filter.js';

/** `rejected`: the server refused the token; `closed`: it ended the connection for good. */
export type ConnectionState = 'offline' | 'connecting' | 'live' | 'reconnecting' | 'rejected' | 'closed';
export type ViewName = 'runs' | 'tenants' | 'baselines' | 'findings' | 'notifications';
export const VIEWS: readonly ViewName[] = ['runs', 'tenants', 'baselines', 'findings', 'notifications'];

/** The outcome of an action, or a problem with the live feed, shown until the next one. */
export interface Notice {
  tone: 'SUCCESS' | 'INFO' | 'WARNING' | 'DANGER';
  title: string;
  detail: string | null;
  nextStep: string | null;
}

export interface WorkspaceChoice {
  id: string;
  name: string;
  role: string;
}

export interface FindingFilter {
  status: FindingStatus | null;
  severity: FindingSeverity | null;
}

export interface FindingsPanel {
  tenantId: string;
  filter: FindingFilter;
  /** Null until the first read answered. */
  tenant: TenantFindingsViewFragment | null;
}

export interface ConsoleState {
  connection: ConnectionState;
  user: { email: string; displayName: string } | null;
  workspaces: readonly WorkspaceChoice[];
  workspace: { id: string; name: string; role: string; capabilities: readonly string[] } | null;
  view: ViewName;
  runFilter: RunFilter;
  runs: ReadonlyMap<string, RunRowFragment>;
  tenants: ReadonlyMap<string, TenantRowFragment>;
  profiles: ReadonlyMap<string, ProfileRowFragment>;
  selectedProfileId: string | null;
  findings: FindingsPanel | null;
  notifications: ReadonlyMap<string, NotificationRowFragment>;
  notice: Notice | null;
}

export const INITIAL_STATE: ConsoleState = {
  connection: 'offline',
  user: null,
  workspaces: [],
  workspace: null,
  view: 'runs',
  runFilter: ANY_RUN,
  runs: new Map(),
  tenants: new Map(),
  profiles: new Map(),
  selectedProfileId: null,
  findings: null,
  notifications: new Map(),
  notice: null,
};

const byId = <T extends { id: string }>(items: readonly T[]): Map<string, T> => new Map(items.map((item) => [item.id, item]));

function withEntry<T>(map: ReadonlyMap<string, T>, key: string, value: T): Map<string, T> {
  return new Map(map).set(key, value);
}

/** The state right after a workspace's lists were read: everything replaced, nothing merged. */
export function loadedWorkspace(state: ConsoleState, runs: ConsoleRunsQuery, loaded: ConsoleWorkspaceQuery): ConsoleState {
  const workspace = loaded.workspace;
  if (!workspace) throw new Error('The workspace no longer exists, or you are no longer a member of it.');
  const profiles = workspace.baselineProfiles.edges.map((edge) => edge.node);
  const selected = profiles.some((profile) => profile.id === state.selectedProfileId) ? state.selectedProfileId : (profiles[0]?.id ?? null);
  return {
    ...state,
    workspace: { id: workspace.id, name: workspace.name, role: workspace.viewerRole, capabilities: workspace.viewerCapabilities },
    runs: byId(runs.operationRuns.edges.map((edge) => edge.node)),
    tenants: byId(workspace.tenants.edges.map((edge) => edge.node)),
    profiles: byId(profiles),
    selectedProfileId: selected,
    notifications: byId(loaded.notifications.edges.map((edge) => edge.node)),
  };
}

type RunEvent = ConsoleRunEventsSubscription['operationRunEvents'];

/** A pushed run transition: the run's row and its tenant's row become what the event carries. */
export function appliedRunEvent(state: ConsoleState, event: RunEvent): ConsoleState {
  const { tenant, ...run } = event.run;
  const row: RunRowFragment = { ...run, tenant: tenant ? { id: tenant.id, name: tenant.name } : null };
  return {
    ...state,
    runs: withEntry(state.runs, row.id, row),
    tenants: tenant ? withEntry(state.tenants, tenant.id, tenant) : state.tenants,
  };
}

type SnapshotEvent = ConsoleSnapshotEventsSubscription['baselineSnapshotEvents'];

/** A pushed snapshot change: the profile (with its snapshots) and its assigned tenants are replaced. */
export function appliedSnapshotEvent(state: ConsoleState, event: SnapshotEvent): ConsoleState {
  const tenants = new Map(state.tenants);
  for (const { tenant } of event.profile.assignments) tenants.set(tenant.id, tenant);
  return { ...state, profiles: withEntry(state.profiles, event.profile.id, event.profile), tenants };
}

export function appliedNotifications(state: ConsoleState, notifications: readonly NotificationRowFragment[]): ConsoleState {
  const next = new Map(state.notifications);
  for (const notification of notifications) next.set(notification.id, notification);
  return { ...state, notifications: next };
}

/** The findings panel's tenant as last read or pushed; ignored when the panel moved to another tenant. */
export function appliedFindings(state: ConsoleState, tenant: TenantFindingsViewFragment): ConsoleState {
  if (state.findings?.tenantId !== tenant.id) return state;
  return { ...state, findings: { ...state.findings, tenant } };
}

const newestFirst = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

/** The runs the runs view shows: those matching the filter, newest first. */
export function visibleRuns(state: ConsoleState, limit = 100): RunRowFragment[] {
  return [...state.runs.values()]
    .filter((run) => matchesRunFilter(run, state.runFilter))
    .sort(newestFirst)
    .slice(0, limit);
}

export function sortedNotifications(state: ConsoleState): NotificationRowFragment[] {
  return [...state.notifications.values()].sort(newestFirst);
}

export function sortedTenants(state: ConsoleState): TenantRowFragment[] {
  return [...state.tenants.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export function unreadCount(state: ConsoleState): number {
  let count = 0;
  for (const notification of state.notifications.values()) if (!notification.readAt) count += 1;
  return count;
}
