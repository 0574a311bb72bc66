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

/**
 * The readers an event goes to: every reader of its workspace and every reader of its recipient
 * (a notification), each once.
 */
export function eventFollowers<T>(
  event: EventAddress,
  ofWorkspace: (id: string) => ReadonlySet<T>,
  ofRecipient: (id: string | null) => ReadonlySet<T>,
): ReadonlySet<T> {
  const workspaceReaders = ofWorkspace(event.workspaceId);
  const recipientReaders = ofRecipient(event.recipientId);
  if (recipientReaders.size === 0) return workspaceReaders;
  if (workspaceReaders.size === 0) return recipientReaders;
  return new Set([...workspaceReaders, ...recipientReaders]);
}

export function followsNothing(sources: EventSources): boolean {
  return sources.workspaceIds.length === 0 && sources.recipientIds.length === 0;
}
