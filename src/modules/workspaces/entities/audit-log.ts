import type { OptionalProps } from '@mikro-orm/postgresql';

export const ACTOR_TYPES = ['user', 'system'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** The ORM name of the audit log's entity (mapped by `src/app/audit-entity.ts`). */
export const AUDIT_ENTITY = 'AuditLog';

/** Append-only record of who changed what (`audit_logs`). */
export interface AuditLog {
  [OptionalProps]?: 'createdAt' | 'metadata';
  id: string;
  workspace: string;
  tenant?: string | null;
  actor?: string | null;
  actorType: ActorType;
  action: string;
  subjectType: string;
  subjectId: string;
  metadata: Record<string, unknown>;
  createdAt: Date;
}
