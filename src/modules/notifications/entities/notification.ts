import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { OperationRunSchema } from '../../operation-runs/entities/operation-run.js';
import { TenantSchema } from '../../tenants/entities/tenant.js';
import { UserSchema } from '../../workspaces/entities/user.js';
import { WorkspaceSchema } from '../../workspaces/entities/workspace.js';
import { createdAtProperty } from '../../../platform/db/timestamps.js';

export const NOTIFICATION_TONES = ['success', 'warning', 'danger', 'info'] as const;
export type NotificationTone = (typeof NOTIFICATION_TONES)[number];

/** An in-product message for one user, e.g. the terminal notice of a run they started. */
export const NotificationSchema = defineEntity({
  name: 'Notification',
  tableName: 'notifications',
  properties: (p) => ({
    id: p.uuid().primary(),
    user: p.manyToOne(UserSchema).mapToPk().deleteRule('cascade'),
    workspace: p.manyToOne(WorkspaceSchema).mapToPk().deleteRule('cascade'),
    tenant: p.manyToOne(TenantSchema).mapToPk().nullable().deleteRule('cascade').default(null),
    run: p.manyToOne(OperationRunSchema).mapToPk().nullable().deleteRule('cascade').default(null),
    kind: p.string().length(60),
    title: p.string().length(300),
    body: p.text(),
    tone: p.enum([...NOTIFICATION_TONES]),
    readAt: p.datetime().columnType('timestamptz').nullable(),
    createdAt: createdAtProperty(),
  }),
  uniques: [{ name: 'notifications_run_user_kind_unique', properties: ['run', 'user', 'kind'] }],
  indexes: [{ name: 'notifications_user_created_idx', properties: ['user', 'createdAt', 'id'] }],
});

export type Notification = InferEntity<typeof NotificationSchema>;
