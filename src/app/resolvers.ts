import { mergeResolvers } from '@graphql-tools/merge';
import type { Resolvers } from '../generated/resolvers-types.js';
import { DateTimeScalar, JsonScalar } from '../platform/graphql/scalars.js';
import { baselineOperationResolvers } from '../modules/baselines/resolvers/baseline-operation-resolvers.js';
import { baselineProfileResolvers } from '../modules/baselines/resolvers/baseline-profile-resolvers.js';
import { baselineSnapshotResolvers } from '../modules/baselines/resolvers/baseline-snapshot-resolvers.js';
import { compareReadinessResolvers } from '../modules/baselines/resolvers/compare-readiness-resolvers.js';
import { enumResolvers } from './enums.js';
import { findingResolvers } from '../modules/baselines/resolvers/finding-resolvers.js';
import { inventorySyncResolvers } from '../modules/inventory/resolvers/inventory-sync-resolvers.js';
import { operationRunResolvers } from '../modules/operation-runs/resolvers/operation-run-resolvers.js';
import { notificationResolvers } from '../modules/notifications/resolvers/notification-resolvers.js';
import { reasonResolvers } from '../modules/operation-runs/resolvers/reason-resolvers.js';
import { subscriptionResolvers } from '../live/subscription-resolvers.js';
import { runLifecycleResolvers } from '../modules/operation-runs/resolvers/run-lifecycle-resolvers.js';
import { tenantResolvers } from '../modules/tenants/resolvers/tenant-resolvers.js';
import { workspaceResolvers } from '../modules/workspaces/resolvers/workspace-resolvers.js';

export function buildResolvers(): Resolvers {
  return mergeResolvers([
    { DateTime: DateTimeScalar, JSON: JsonScalar },
    enumResolvers,
    workspaceResolvers,
    tenantResolvers,
    baselineProfileResolvers,
    baselineSnapshotResolvers,
    baselineOperationResolvers,
    compareReadinessResolvers,
    findingResolvers,
    inventorySyncResolvers,
    reasonResolvers,
    notificationResolvers,
    subscriptionResolvers,
    operationRunResolvers,
    runLifecycleResolvers,
  ]) as Resolvers;
}
