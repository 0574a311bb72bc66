import { AuditLogSchema } from './audit-entity.js';
import { MODULES } from './modules.js';
import { OperationRunEventSchema } from './outbox-entity.js';

/** Every entity, listed explicitly (no folder discovery): each module's, the outbox and the audit log. */
export const ENTITIES = [...MODULES.flatMap((module) => module.entities), OperationRunEventSchema, AuditLogSchema];
