import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { createdAtProperty, updatedAtProperty } from '../../../platform/db/timestamps.js';

export const WorkspaceSchema = defineEntity({
  name: 'Workspace',
  tableName: 'workspaces',
  properties: (p) => ({
    id: p.uuid().primary(),
    name: p.string().length(200),
    createdAt: createdAtProperty(),
    updatedAt: updatedAtProperty(),
  }),
});

export type Workspace = InferEntity<typeof WorkspaceSchema>;
