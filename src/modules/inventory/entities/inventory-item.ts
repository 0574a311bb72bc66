import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { TenantSchema } from '../../tenants/entities/tenant.js';
import { WorkspaceSchema } from '../../workspaces/entities/workspace.js';
import { createdAtProperty, updatedAtProperty } from '../../../platform/db/timestamps.js';

/** A configuration object reported by a collector for one tenant. */
export const InventoryItemSchema = defineEntity({
  name: 'InventoryItem',
  tableName: 'inventory_items',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    workspace: p.manyToOne(WorkspaceSchema).mapToPk().deleteRule('cascade'),
    tenant: p.manyToOne(TenantSchema).mapToPk().deleteRule('cascade'),
    policyType: p.string().length(200),
    externalId: p.string().length(400),
    displayName: p.string().length(400),
    /** sha256 of the canonical JSON payload. */
    contentHash: p.string().length(64),
    payload: p.json<Record<string, unknown>>(),
    lastSeenAt: p.datetime().columnType('timestamptz'),
    /** The report session that last saw the item; a complete report removes items it did not see. */
    lastSyncToken: p.uuid().nullable(),
    removedAt: p.datetime().columnType('timestamptz').nullable(),
    createdAt: createdAtProperty(),
    updatedAt: updatedAtProperty(),
  }),
  uniques: [{ name: 'inventory_items_subject_unique', properties: ['tenant', 'policyType', 'externalId'] }],
});

export type InventoryItem = InferEntity<typeof InventoryItemSchema>;
