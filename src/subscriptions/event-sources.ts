/**
 * Which outbox rows a reader follows: every row of some workspaces, and the rows addressed to some
 * users (notifications), wherever they were written. Following a recipient rather than the
 * workspaces a user belongs to at subscribe time means a user who joins a workspace later still
 * receives its notifications.
 */
export interface EventSources {
  workspaceIds: readonly string[];
  recipientIds: readonly string[];
}

/** Where an outbox row belongs: its workspace, and for a notification its recipient. */
export interface EventAddress {
  workspaceId: string;
  recipientId: string | null;
}

export function followsEvent(sources: EventSources, event: EventAddress): boolean {
  return sources.workspaceIds.includes(event.workspaceId) || (event.recipientId !== null && sources.recipientIds.includes(event.recipientId));
}

export function followsNothing(sources: EventSources): boolean {
  return sources.workspaceIds.length === 0 && sources.recipientIds.length === 0;
}
