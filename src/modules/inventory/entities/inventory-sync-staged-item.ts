import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { OperationRunSchema } from '../../operation-runs/entities/operation-run.js';

/**
 * One subject pulled by an inventory sync attempt, staged until the whole pull has arrived. The
 * attempt's rows become the tenant's inventory in one transaction (`inventory-sync-service.ts`);
 * until then nothing a capture or compare reads has changed. A null payload marks a subject the
 * source listed but the inventory rules rejected: it is neither updated nor marked removed.
 */
export const InventorySyncStagedItemSchema = defineEntity({
  name: 'InventorySyncStagedItem',
  tableName: 'inventory_sync_staged_items',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    run: p.manyToOne(OperationRunSchema).mapToPk().deleteRule('cascade').index('inventory_sync_staged_items_run_idx'),
    attemptId: p.uuid(),
    policyType: p.string().length(200),
    externalId: p.string().length(400),
    displayName: p.string().length(400),
    contentHash: p.string().length(64).nullable(),
    payload: p.json<Record<string, unknown>>().nullable(),
  }),
  uniques: [{ name: 'inventory_sync_staged_items_subject_unique', properties: ['attemptId', 'policyType', 'externalId'] }],
});

export type InventorySyncStagedItem = InferEntity<typeof InventorySyncStagedItemSchema>;
