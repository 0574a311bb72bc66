import type { EntityManager } from '@mikro-orm/postgresql';
import { byId, groupedBy } from '../../platform/graphql/loader-factories.js';
import { BaselineProfileSchema, type BaselineProfile } from './entities/baseline-profile.js';
import { BaselineSnapshotSchema, type BaselineSnapshot } from './entities/baseline-snapshot.js';
import { BaselineTenantAssignmentSchema, type BaselineTenantAssignment } from './entities/baseline-tenant-assignment.js';
import { createSnapshotTruthLoaders } from './services/baseline-loaders.js';

export function createBaselineLoaders(em: EntityManager) {
  const snapshot = byId<BaselineSnapshot>(em, BaselineSnapshotSchema);
  return {
    profile: byId<BaselineProfile>(em, BaselineProfileSchema),
    snapshot,
    assignmentsByTenant: groupedBy<BaselineTenantAssignment>(em, BaselineTenantAssignmentSchema, 'tenant'),
    assignmentsByProfile: groupedBy<BaselineTenantAssignment>(em, BaselineTenantAssignmentSchema, 'profile'),
    ...createSnapshotTruthLoaders(em, snapshot),
  };
}

export type BaselineLoaders = ReturnType<typeof createBaselineLoaders>;

declare module '../../platform/graphql/loaders.js' {
  interface Loaders extends BaselineLoaders {}
}
