import { baselineSnapshotEvent } from './baseline-snapshot-event.js';
import { notificationEvent } from './notification-event.js';
import { operationRunEvent } from './operation-run-event.js';
import { subscription } from './subscription.js';
import type { Resolvers } from '../../generated/resolvers-types.js';

/** The resolvers of this module's types and of the root fields it adds, one file per type. */
export const resolvers: Resolvers = {
  BaselineSnapshotEvent: baselineSnapshotEvent,
  NotificationEvent: notificationEvent,
  OperationRunEvent: operationRunEvent,
  Subscription: subscription,
};
