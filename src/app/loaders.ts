import DataLoader from 'dataloader';
import { selectRows } from '../platform/db/plain-sql.js';
import { rowMapper, selectColumns, tableOf } from '../platform/db/row-mappers.js';
import type { EntityManager, EntitySchema, FilterQuery } from '@mikro-orm/postgresql';
import { BaselineProfileSchema, type BaselineProfile } from '../modules/baselines/entities/baseline-profile.js';
import { BaselineSnapshotSchema, type BaselineSnapshot } from '../modules/baselines/entities/baseline-snapshot.js';
import { BaselineTenantAssignmentSchema, type BaselineTenantAssignment } from '../modules/baselines/entities/baseline-tenant-assignment.js';
import { OperationRunSchema, type OperationRun } from '../modules/operation-runs/entities/operation-run.js';
import { TenantSchema, type Tenant } from '../modules/tenants/entities/tenant.js';
import { WorkspaceSchema, type Workspace } from '../modules/workspaces/entities/workspace.js';
import { NotificationSchema, type Notification } from '../modules/notifications/entities/notification.js';
import { createBaselineLoaders } from '../modules/baselines/services/baseline-loaders.js';
import { PrimedLoader } from '../platform/primed-loader.js';
import { createUserInWorkspaceLoader } from '../modules/workspaces/services/user-in-workspace-loader.js';
import { createInventorySyncLoaders } from '../modules/inventory/services/inventory-sync-loaders.js';

function byId<T extends { id: string }>(em: EntityManager, schema: EntitySchema<T>): PrimedLoader<string, T | null> {
  return new PrimedLoader<string, T | null>(async (ids) => {
    const rows = await em.find(schema, { id: { $in: [...ids] } } as unknown as FilterQuery<T>);
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

function groupedBy<T extends object>(em: EntityManager, schema: EntitySchema<T>, property: keyof T & string): PrimedLoader<string, T[]> {
  return new PrimedLoader<string, T[]>(async (keys) => {
    const rows = await em.find(schema, { [property]: { $in: [...keys] } } as FilterQuery<T>);
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const key = row[property] as unknown as string;
      const list = groups.get(key);
      if (list) list.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/**
 * By id with plain SQL and explicit row mapping: no hydration or identity map, for entities no
 * service changes after a resolver loaded them.
 */
function plainById<T extends { id: string }>(em: EntityManager, schema: EntitySchema<T>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await selectRows(em, `select ${selectColumns(em, schema, 'x', '')} from ${tableOf(em, schema)} x where x.id = any(?::uuid[])`, [[...ids]]);
    const toEntity = rowMapper<T>(em, schema);
    const found = new Map(rows.map((row) => [row.id as string, toEntity(row)]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** Per-request batching loaders: every list field resolves its related rows in one query per type. */
export function createLoaders(em: EntityManager) {
  const snapshot = byId<BaselineSnapshot>(em, BaselineSnapshotSchema);
  return {
    workspace: plainById<Workspace>(em, WorkspaceSchema),
    userInWorkspace: createUserInWorkspaceLoader(em),
    tenant: byId<Tenant>(em, TenantSchema),
    profile: byId<BaselineProfile>(em, BaselineProfileSchema),
    snapshot,
    run: byId<OperationRun>(em, OperationRunSchema),
    notification: byId<Notification>(em, NotificationSchema),
    assignmentsByTenant: groupedBy<BaselineTenantAssignment>(em, BaselineTenantAssignmentSchema, 'tenant'),
    assignmentsByProfile: groupedBy<BaselineTenantAssignment>(em, BaselineTenantAssignmentSchema, 'profile'),
    ...createBaselineLoaders(em, snapshot),
    ...createInventorySyncLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
