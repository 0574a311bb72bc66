import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { WorkspaceSchema } from '../../workspaces/entities/workspace.js';
import { createdAtProperty, updatedAtProperty } from '../../../platform/db/timestamps.js';

export const TENANT_STATUSES = ['active', 'archived'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export const TenantSchema = defineEntity({
  name: 'Tenant',
  tableName: 'tenants',
  properties: (p) => ({
    id: p.uuid().primary(),
    workspace: p.manyToOne(WorkspaceSchema).mapToPk().deleteRule('cascade'),
    name: p.string().length(200),
    /** The customer's directory id in the source system (e.g. an Entra tenant id). */
    externalTenantId: p.string().length(200),
    status: p.enum([...TENANT_STATUSES]).default('active'),
    archivedAt: p.datetime().columnType('timestamptz').nullable(),
    /** Seconds between scheduled inventory syncs; null: the tenant syncs only on demand. */
    inventorySyncIntervalSeconds: p.integer().nullable(),
    createdAt: createdAtProperty(),
    updatedAt: updatedAtProperty(),
  }),
  checks: [{ name: 'tenants_inventory_sync_interval_positive', expression: 'inventory_sync_interval_seconds > 0' }],
  uniques: [{ name: 'tenants_workspace_external_unique', properties: ['workspace', 'externalTenantId'] }],
  indexes: [{ name: 'tenants_workspace_name_idx', properties: ['workspace', 'name', 'id'] }],
});

export type Tenant = InferEntity<typeof TenantSchema>;
