import { authorizedProfile } from '../../modules/baselines/authorized-baselines.js';
import { authorizedRun } from '../../modules/operation-runs/authorized-run.js';
import { authorizedTenant } from '../../modules/tenants/authorized-tenant.js';
import { can } from '../../modules/workspaces/auth/authorize.js';
import { authorizedWorkspaceId } from '../../modules/workspaces/auth/authorized-workspace.js';
import { requireActor } from '../../modules/workspaces/auth/request-actor.js';
import { RUN_EVENT_KINDS, SNAPSHOT_EVENT_KINDS } from '../../outbox/kinds.js';
import { decodeEventCursor, type EventPosition } from '../../outbox/position.js';
import type { StoredEvent } from '../../outbox/reader.js';
import { badInput, SUBSCRIPTIONS_ARE_WEBSOCKET_ONLY } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/graphql/request-context.js';
import { eventStream } from '../event-stream.js';
import { SubscriptionContext } from '../subscription-context.js';
import type { SubscriptionResolvers } from '../../generated/resolvers-types.js';

const RUN_KINDS = new Set<string>(RUN_EVENT_KINDS);
const SNAPSHOT_KINDS = new Set<string>(SNAPSHOT_EVENT_KINDS);

function subscriptionContext(context: RequestContext): SubscriptionContext {
  if (!(context instanceof SubscriptionContext)) throw badInput(SUBSCRIPTIONS_ARE_WEBSOCKET_ONLY);
  return context;
}

function cursorArg(after: string | null | undefined): EventPosition | null {
  if (after === null || after === undefined) return null;
  const position = decodeEventCursor(after);
  if (!position)
    throw badInput('The "after" cursor is not a valid event cursor; pass a cursor received from this subscription.', [
      { field: 'after', message: 'invalid cursor' },
    ]);
  return position;
}

const passThrough = (event: StoredEvent) => event;

export const subscription: SubscriptionResolvers = {
  operationRunEvents: {
    subscribe: async (_root, { workspaceId, tenantId, runId, types, after }, rawContext) => {
      const context = subscriptionContext(rawContext);
      const workspace = authorizedWorkspaceId(requireActor(context), workspaceId, 'operations.view', 'workspaceId');
      // Only ids are kept: an entity would hold the subscribe-time checks' entity manager.
      const tenant = tenantId ? (await authorizedTenant(context, tenantId, 'operations.view', 'tenantId')).id : null;
      const run = runId ? (await authorizedRun(context, runId, 'operations.view', 'runId')).id : null;
      if ((types?.length ?? 0) > 50) throw badInput('types may list at most 50 operation types.', [{ field: 'types', message: 'too many' }]);
      const typeFilter = types?.length ? new Set(types) : null;
      return eventStream(
        context,
        {
          sources: { workspaceIds: [workspace], recipientIds: [] },
          after: cursorArg(after),
          accepts: (event, actor) =>
            RUN_KINDS.has(event.kind) &&
            event.workspaceId === workspace &&
            (!tenant || event.tenantId === tenant) &&
            (!run || event.runId === run) &&
            (!typeFilter || typeFilter.has(String(event.payload.runType))) &&
            can(actor, { workspaceId: event.workspaceId, tenantId: event.tenantId }, 'operations.view'),
        },
        context.runtime.config.subscriptions,
      );
    },
    resolve: passThrough,
  },
  baselineSnapshotEvents: {
    subscribe: async (_root, { workspaceId, profileId, after }, rawContext) => {
      const context = subscriptionContext(rawContext);
      const workspace = authorizedWorkspaceId(requireActor(context), workspaceId, 'baselines.view', 'workspaceId');
      const profile = profileId ? (await authorizedProfile(context, profileId, 'baselines.view', 'profileId')).id : null;
      return eventStream(
        context,
        {
          sources: { workspaceIds: [workspace], recipientIds: [] },
          after: cursorArg(after),
          accepts: (event, actor) =>
            SNAPSHOT_KINDS.has(event.kind) &&
            event.workspaceId === workspace &&
            (!profile || event.profileId === profile) &&
            can(actor, { workspaceId: event.workspaceId }, 'baselines.view'),
        },
        context.runtime.config.subscriptions,
      );
    },
    resolve: passThrough,
  },
  myNotifications: {
    subscribe: (_root, { after }, rawContext) => {
      const context = subscriptionContext(rawContext);
      const actor = requireActor(context);
      const userId = actor.user.id;
      return eventStream(
        context,
        {
          // Followed by recipient, not by the workspaces of today: a workspace joined later counts.
          sources: { workspaceIds: [], recipientIds: [userId] },
          after: cursorArg(after),
          accepts: (event, current) => event.kind === 'NOTIFICATION' && event.recipientId === userId && current.roles.has(event.workspaceId),
        },
        context.runtime.config.subscriptions,
      );
    },
    resolve: passThrough,
  },
};
