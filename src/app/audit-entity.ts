import { defineEntity } from '@mikro-orm/postgresql';
import { ACTOR_TYPES, AUDIT_ENTITY } from '../modules/workspaces/entities/audit-log.js';
import { TenantSchema } from '../modules/tenants/entities/tenant.js';
import { UserSchema } from '../modules/workspaces/entities/user.js';
import { WorkspaceSchema } from '../modules/workspaces/entities/workspace.js';
import { createdAtProperty } from '../platform/db/timestamps.js';

/**
 * The ORM mapping of the audit log, with foreign keys to the workspace, tenant and user a record
 * names (the tenant's module sits above the audit log's, so the mapping is defined here).
 */
export const AuditLogSchema = defineEntity({
  name: AUDIT_ENTITY,
  tableName: 'audit_logs',
  properties: (p) => ({
    id: p.uuid().primary(),
    workspace: p.manyToOne(WorkspaceSchema).mapToPk().deleteRule('cascade'),
    tenant: p.manyToOne(TenantSchema).mapToPk().nullable().deleteRule('cascade').default(null),
    actor: p.manyToOne(UserSchema).mapToPk().nullable().deleteRule('set null').default(null),
    actorType: p.enum([...ACTOR_TYPES]),
    action: p.string().length(120),
    subjectType: p.string().length(60),
    subjectId: p.string().length(64),
    metadata: p.json<Record<string, unknown>>().default('{}'),
    createdAt: createdAtProperty(),
  }),
  indexes: [
    { name: 'audit_logs_workspace_created_idx', properties: ['workspace', 'createdAt'] },
    { name: 'audit_logs_subject_idx', properties: ['subjectType', 'subjectId'] },
  ],
});
