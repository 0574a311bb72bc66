import { workspace } from './workspace.js';
import { baselineProfile } from './baseline-profile.js';
import { baselineSnapshot } from './baseline-snapshot.js';
import { baselineSnapshotItem } from './baseline-snapshot-item.js';
import { baselineTenantAssignment } from './baseline-tenant-assignment.js';
import { compareReadiness } from './compare-readiness.js';
import { finding } from './finding.js';
import { mutation } from './mutation.js';
import { operationRun } from './operation-run.js';
import { query } from './query.js';
import { tenant } from './tenant.js';
import type { Resolvers } from '../../../generated/resolvers-types.js';

/** The resolvers of this module's types and of the root fields it adds, one file per type. */
export const resolvers: Resolvers = {
  BaselineProfile: baselineProfile,
  BaselineSnapshot: baselineSnapshot,
  BaselineSnapshotItem: baselineSnapshotItem,
  BaselineTenantAssignment: baselineTenantAssignment,
  CompareReadiness: compareReadiness,
  Finding: finding,
  Mutation: mutation,
  OperationRun: operationRun,
  Query: query,
  Tenant: tenant,
  Workspace: workspace,
};
