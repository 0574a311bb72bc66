import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { TenantSchema } from './tenant.js';
import { UserSchema } from '../../workspaces/entities/user.js';
import { WorkspaceSchema } from '../../workspaces/entities/workspace.js';
import { createdAtProperty } from '../../../platform/db/timestamps.js';

/**
 * Entitles a workspace member whose role does not cover every tenant (operator, readonly)
 * to one tenant. Owners and managers are entitled to every tenant of their workspace.
 */
export const TenantMembershipSchema = defineEntity({
  name: 'TenantMembership',
  tableName: 'tenant_memberships',
  properties: (p) => ({
    id: p.uuid().primary(),
    workspace: p.manyToOne(WorkspaceSchema).mapToPk().deleteRule('cascade'),
    tenant: p.manyToOne(TenantSchema).mapToPk().deleteRule('cascade'),
    user: p.manyToOne(UserSchema).mapToPk().deleteRule('cascade'),
    createdAt: createdAtProperty(),
  }),
  uniques: [{ name: 'tenant_memberships_tenant_user_unique', properties: ['tenant', 'user'] }],
  indexes: [{ name: 'tenant_memberships_user_workspace_idx', properties: ['user', 'workspace'] }],
});

export type TenantMembership = InferEntity<typeof TenantMembershipSchema>;
