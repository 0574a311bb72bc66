import { AuditLogSchema } from './audit-entity.js';
import { BaselineProfileSchema } from '../modules/baselines/entities/baseline-profile.js';
import { BaselineSnapshotItemSchema } from '../modules/baselines/entities/baseline-snapshot-item.js';
import { BaselineSnapshotSchema } from '../modules/baselines/entities/baseline-snapshot.js';
import { BaselineTenantAssignmentSchema } from '../modules/baselines/entities/baseline-tenant-assignment.js';
import { FindingSchema } from '../modules/baselines/entities/finding.js';
import { InventoryItemSchema } from '../modules/inventory/entities/inventory-item.js';
import { InventorySyncStagedItemSchema } from '../modules/inventory/entities/inventory-sync-staged-item.js';
import { NotificationSchema } from '../modules/notifications/entities/notification.js';
import { OperationRunEventSchema } from './outbox-entity.js';
import { OperationRunReconciliationCountSchema } from '../modules/operation-runs/entities/operation-run-reconciliation-count.js';
import { OperationRunSchema } from '../modules/operation-runs/entities/operation-run.js';
import { TenantConnectorCredentialSchema } from '../modules/inventory/entities/tenant-connector-credential.js';
import { TenantMembershipSchema } from '../modules/tenants/entities/tenant-membership.js';
import { TenantSchema } from '../modules/tenants/entities/tenant.js';
import { UserSchema } from '../modules/workspaces/entities/user.js';
import { WorkspaceMembershipSchema } from '../modules/workspaces/entities/workspace-membership.js';
import { WorkspaceSchema } from '../modules/workspaces/entities/workspace.js';

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
