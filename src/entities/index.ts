import { AuditLogSchema } from './audit-log.js';
import { BaselineProfileSchema } from './baseline-profile.js';
import { BaselineSnapshotItemSchema } from './baseline-snapshot-item.js';
import { BaselineSnapshotSchema } from './baseline-snapshot.js';
import { BaselineTenantAssignmentSchema } from './baseline-tenant-assignment.js';
import { FindingSchema } from './finding.js';
import { InventoryItemSchema } from './inventory-item.js';
import { InventorySyncStagedItemSchema } from './inventory-sync-staged-item.js';
import { NotificationSchema } from './notification.js';
import { OperationRunEventSchema } from './operation-run-event.js';
import { OperationRunReconciliationCountSchema } from './operation-run-reconciliation-count.js';
import { OperationRunSchema } from './operation-run.js';
import { TenantConnectorCredentialSchema } from './tenant-connector-credential.js';
import { TenantMembershipSchema } from './tenant-membership.js';
import { TenantSchema } from './tenant.js';
import { UserSchema } from './user.js';
import { WorkspaceMembershipSchema } from './workspace-membership.js';
import { WorkspaceSchema } from './workspace.js';

/** Every entity, listed explicitly (no folder discovery). */
export const ENTITIES = [
  WorkspaceSchema,
  UserSchema,
  WorkspaceMembershipSchema,
  TenantSchema,
  TenantMembershipSchema,
  BaselineProfileSchema,
  BaselineTenantAssignmentSchema,
  BaselineSnapshotSchema,
  BaselineSnapshotItemSchema,
  InventoryItemSchema,
  FindingSchema,
  OperationRunSchema,
  OperationRunEventSchema,
  OperationRunReconciliationCountSchema,
  AuditLogSchema,
  NotificationSchema,
  TenantConnectorCredentialSchema,
  InventorySyncStagedItemSchema,
];
