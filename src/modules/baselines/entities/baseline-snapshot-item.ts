import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { BaselineSnapshotSchema } from './baseline-snapshot.js';
import { createdAtProperty } from '../../../platform/db/timestamps.js';

/** One captured subject of a snapshot. The subject is its policy type plus external id. */
export const BaselineSnapshotItemSchema = defineEntity({
  name: 'BaselineSnapshotItem',
  tableName: 'baseline_snapshot_items',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    /** Kept by statement-level triggers instead of a per-row foreign key (migration …040000): items arrive in batches of thousands. */
    snapshot: p.manyToOne(BaselineSnapshotSchema).mapToPk().fieldName('baseline_snapshot_id').createForeignKeyConstraint(false),
    subjectType: p.string().length(200),
    subjectExternalId: p.string().length(400),
    policyType: p.string().length(200),
    displayName: p.string().length(400),
    baselineHash: p.string().length(64),
    meta: p.json<Record<string, unknown>>().default('{}'),
    createdAt: createdAtProperty(),
  }),
  uniques: [
    {
      name: 'baseline_snapshot_items_subject_unique',
      properties: ['snapshot', 'subjectType', 'subjectExternalId'],
    },
  ],
});

export type BaselineSnapshotItem = InferEntity<typeof BaselineSnapshotItemSchema>;
