import type { OptionalProps } from '@mikro-orm/postgresql';
import type { OperationRunEventKind } from './kinds.js';

/** The ORM name of the outbox table's entity (mapped by `src/app/outbox-entity.ts`). */
export const OUTBOX_ENTITY = 'OperationRunEvent';

/** One outbox row (`operation_run_events`). */
export interface OperationRunEvent {
  [OptionalProps]?: 'id' | 'createdAt' | 'payload';
  id: string;
  run: string;
  workspace: string;
  tenant?: string | null;
  kind: OperationRunEventKind;
  snapshot?: string | null;
  profile?: string | null;
  /** For NOTIFICATION events: the only user who may receive it. */
  recipient?: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
  publishedAt?: Date | null;
}
