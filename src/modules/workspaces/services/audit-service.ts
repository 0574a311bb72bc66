import type { EntityManager } from '@mikro-orm/postgresql';
import { AUDIT_ENTITY, type AuditLog } from '../entities/audit-log.js';
import { newId } from '../../../platform/ids.js';

export interface AuditEntry {
  workspaceId: string;
  tenantId?: string | null;
  /** The acting user; null for the system (scheduler, reconciler, failure bridge). */
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  metadata?: Record<string, unknown>;
}

/** Appends audit records inside the caller's unit of work, so they commit with the change they describe. */
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  record(entry: AuditEntry): void {
    this.em.create<AuditLog>(AUDIT_ENTITY, {
      id: newId(),
      workspace: entry.workspaceId,
      tenant: entry.tenantId ?? null,
      actor: entry.actorId,
      actorType: entry.actorId ? 'user' : 'system',
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      metadata: entry.metadata ?? {},
    });
  }
}
