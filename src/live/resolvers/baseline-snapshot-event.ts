import { isEntitled } from '../../modules/workspaces/auth/authorize.js';
import { requireActor } from '../../modules/workspaces/auth/request-actor.js';
import type { SnapshotEventKind } from '../../outbox/kinds.js';
import { encodeEventCursor } from '../../outbox/position.js';
import type { BaselineSnapshotEventResolvers } from '../../generated/resolvers-types.js';

export const baselineSnapshotEvent: BaselineSnapshotEventResolvers = {
  cursor: (event) => encodeEventCursor(event.position),
  kind: (event) => event.kind as SnapshotEventKind,
  occurredAt: (event) => event.createdAt,
  snapshot: async (event, _args, context) => (await context.loaders.snapshot.load(event.snapshotId!))!,
  profile: async (event, _args, context) => (await context.loaders.profile.load(event.profileId!))!,
  run: async (event, _args, context) => {
    const run = await context.loaders.run.load(event.runId);
    return run && isEntitled(requireActor(context), { workspaceId: run.workspace, tenantId: run.tenant }) ? run : null;
  },
};
