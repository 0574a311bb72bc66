import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { WORKSPACE_ROLES } from '../auth/capabilities.js';
import { UserSchema } from './user.js';
import { WorkspaceSchema } from './workspace.js';
import { createdAtProperty, updatedAtProperty } from '../../../platform/db/timestamps.js';

export const WorkspaceMembershipSchema = defineEntity({
  name: 'WorkspaceMembership',
  tableName: 'workspace_memberships',
  properties: (p) => ({
    id: p.uuid().primary(),
    workspace: p.manyToOne(WorkspaceSchema).mapToPk().deleteRule('cascade'),
    user: p.manyToOne(UserSchema).mapToPk().deleteRule('cascade').index('workspace_memberships_user_idx'),
    role: p.enum([...WORKSPACE_ROLES]),
    /** The name this workspace gave the member; null for its creator (and older rows): their account's name. */
    displayName: p.string().length(200).nullable(),
    createdAt: createdAtProperty(),
    updatedAt: updatedAtProperty(),
  }),
  uniques: [{ name: 'workspace_memberships_workspace_user_unique', properties: ['workspace', 'user'] }],
});

export type WorkspaceMembership = InferEntity<typeof WorkspaceMembershipSchema>;
