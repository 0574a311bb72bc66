import { mergeResolvers } from '@graphql-tools/merge';
import type { Resolvers } from '../graphql/generated/resolvers-types.js';
import { DateTimeScalar, JsonScalar } from '../graphql/scalars.js';
import { baselineOperationResolvers } from './baseline-operation-resolvers.js';
import { baselineProfileResolvers } from './baseline-profile-resolvers.js';
import { baselineSnapshotResolvers } from './baseline-snapshot-resolvers.js';
import { compareReadinessResolvers } from './compare-readiness-resolvers.js';
import { enumResolvers } from './enums.js';
import { findingResolvers } from './finding-resolvers.js';
import { inventorySyncResolvers } from './inventory-sync-resolvers.js';
import { operationRunResolvers } from './operation-run-resolvers.js';
import { notificationResolvers } from './notification-resolvers.js';
import { reasonResolvers } from './reason-resolvers.js';
import { subscriptionResolvers } from './subscription-resolvers.js';
import { runLifecycleResolvers } from './run-lifecycle-resolvers.js';
import { tenantResolvers } from './tenant-resolvers.js';
import { workspaceResolvers } from './workspace-resolvers.js';

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
