import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { TenantSchema } from '../../tenants/entities/tenant.js';
import { UserSchema } from './user.js';
import { WorkspaceSchema } from './workspace.js';
import { createdAtProperty } from '../../../platform/db/timestamps.js';

export const ACTOR_TYPES = ['user', 'system'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** Append-only record of who changed what. */
export const AuditLogSchema = defineEntity({
  name: 'AuditLog',
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

export type AuditLog = InferEntity<typeof AuditLogSchema>;
