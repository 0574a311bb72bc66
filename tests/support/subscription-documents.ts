/** The subscription operations the tests run, with the fields their assertions read. */

export const RUN_EVENTS = `
  subscription RunEvents($workspaceId: ID!, $tenantId: ID, $runId: ID, $types: [String!], $after: String) {
    operationRunEvents(workspaceId: $workspaceId, tenantId: $tenantId, runId: $runId, types: $types, after: $after) {
      cursor
      kind
      run { id type status workspace { id } tenant { id } }
    }
  }`;

/** ~240 KB per event (needs GRAPHQL_MAX_FIELDS of 5100): a client that stops reading fills the TCP buffers after a few dozen events. */
export const HEAVY_RUN_EVENTS = `subscription ($workspaceId: ID!) {
  operationRunEvents(workspaceId: $workspaceId) { cursor run { ${Array.from({ length: 5000 }, (_, i) => `f${i}: id`).join(' ')} } }
}`;

export interface RunEventShape {
  cursor: string;
  kind: string;
  run: { id: string; type: string; status: string; workspace: { id: string }; tenant: { id: string } | null };
}

export const SNAPSHOT_EVENTS = `
  subscription SnapshotEvents($workspaceId: ID!, $profileId: ID, $after: String) {
    baselineSnapshotEvents(workspaceId: $workspaceId, profileId: $profileId, after: $after) {
      cursor
      kind
      snapshot { id workspace { id } }
      profile { id }
      run { id tenant { id } }
    }
  }`;

export interface SnapshotEventShape {
  cursor: string;
  kind: string;
  snapshot: { id: string; workspace: { id: string } };
  profile: { id: string };
  run: { id: string; tenant: { id: string } | null } | null;
}

export const MY_NOTIFICATIONS = `
  subscription MyNotifications($after: String) {
    myNotifications(after: $after) {
      cursor
      notification { id title run { id } }
    }
  }`;

export interface NotificationEventShape {
  cursor: string;
  notification: { id: string; title: string; run: { id: string } | null };
}
