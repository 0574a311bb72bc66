/** The subscriptions the benchmark holds idle, as a dashboard would open them. */

export const RUN_EVENTS = `subscription RunEvents($workspaceId: ID!) {
  operationRunEvents(workspaceId: $workspaceId) { cursor kind run { id status outcome freshness { state } summaryCounts { key value } } }
}`;

export const SNAPSHOT_EVENTS = `subscription SnapshotEvents($workspaceId: ID!) {
  baselineSnapshotEvents(workspaceId: $workspaceId) { cursor kind snapshot { id lifecycleState } profile { id name } }
}`;

export const MY_NOTIFICATIONS = `subscription MyNotifications {
  myNotifications { cursor notification { id title tone run { id status } } }
}`;

export const MIXES = ['runs', 'all'] as const;
export type Mix = (typeof MIXES)[number];

/** `runs`: every subscription is `operationRunEvents`; `all`: the three fields round-robin. */
export function idleOperations(mix: Mix, workspaceId: string): { query: string; variables: Record<string, unknown> }[] {
  const runs = { query: RUN_EVENTS, variables: { workspaceId } };
  if (mix === 'runs') return [runs];
  return [runs, { query: SNAPSHOT_EVENTS, variables: { workspaceId } }, { query: MY_NOTIFICATIONS, variables: {} }];
}
