import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { BaselineProfileSchema } from './baseline-profile.js';
import { TenantSchema } from '../../tenants/entities/tenant.js';
import { UserSchema } from '../../workspaces/entities/user.js';
import { WorkspaceSchema } from '../../workspaces/entities/workspace.js';
import { createdAtProperty } from '../../../platform/db/timestamps.js';

/** Assigns one baseline profile to a tenant; a tenant has at most one assignment. */
export const BaselineTenantAssignmentSchema = defineEntity({
  name: 'BaselineTenantAssignment',
  tableName: 'baseline_tenant_assignments',
  properties: (p) => ({
    id: p.uuid().primary(),
    workspace: p.manyToOne(WorkspaceSchema).mapToPk().deleteRule('cascade'),
    tenant: p.manyToOne(TenantSchema).mapToPk().deleteRule('cascade').unique('baseline_tenant_assignments_tenant_unique'),
    profile: p
      .manyToOne(BaselineProfileSchema)
      .mapToPk()
      .fieldName('baseline_profile_id')
      .deleteRule('cascade')
      .index('baseline_tenant_assignments_profile_idx'),
    assignedBy: p.manyToOne(UserSchema).mapToPk().nullable().deleteRule('set null').default(null),
    createdAt: createdAtProperty(),
  }),
});

export type BaselineTenantAssignment = InferEntity<typeof BaselineTenantAssignmentSchema>;
