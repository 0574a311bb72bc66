import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { WorkspaceSchema } from '../../workspaces/entities/workspace.js';
import { createdAtProperty, updatedAtProperty } from '../../../platform/db/timestamps.js';

export const BASELINE_PROFILE_STATUSES = ['draft', 'active', 'archived'] as const;
export type BaselineProfileStatus = (typeof BASELINE_PROFILE_STATUSES)[number];

/** full_content compares whole payloads; meta_only compares display metadata only. */
export const CAPTURE_MODES = ['full_content', 'meta_only'] as const;
export type CaptureMode = (typeof CAPTURE_MODES)[number];

export interface BaselineScope {
  /** Inventory policy types this baseline covers. */
  policyTypes: string[];
}

export const BaselineProfileSchema = defineEntity({
  name: 'BaselineProfile',
  tableName: 'baseline_profiles',
  properties: (p) => ({
    id: p.uuid().primary(),
    workspace: p.manyToOne(WorkspaceSchema).mapToPk().deleteRule('cascade'),
    name: p.string().length(200),
    description: p.text().nullable(),
    status: p.enum([...BASELINE_PROFILE_STATUSES]).default('draft'),
    captureMode: p.enum([...CAPTURE_MODES]).default('full_content'),
    scope: p.json<BaselineScope>(),
    /**
     * Cached pointer to the profile's effective snapshot (its latest complete one).
     * Only the capture service moves it, and only ever to a complete snapshot.
     */
    activeSnapshotId: p.uuid().nullable(),
    archivedAt: p.datetime().columnType('timestamptz').nullable(),
    createdAt: createdAtProperty(),
    updatedAt: updatedAtProperty(),
  }),
  indexes: [{ name: 'baseline_profiles_workspace_name_idx', properties: ['workspace', 'name', 'id'] }],
});

export type BaselineProfile = InferEntity<typeof BaselineProfileSchema>;
