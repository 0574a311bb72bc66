import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../platform/db/orm.js';
import type { OperationRunEventKind } from './kinds.js';
import { OUTBOX_ENTITY, type OperationRunEvent } from './event-row.js';
import type { EventOutbox } from './publisher.js';

/** The run an event belongs to: every outbox row is caused by a run. */
export interface EventSubject {
  id: string;
  workspace: string;
  tenant?: string | null;
  type: string;
}

export interface EventFields {
  snapshotId?: string;
  profileId?: string;
  recipientId?: string;
  payload?: Record<string, unknown>;
}

export type Emit = (run: EventSubject, kind: OperationRunEventKind, fields?: EventFields) => void;

/**
 * Runs `work` in one transaction in which it may emit outbox events; the events commit with the
 * change they describe and are published to Redis only after the commit.
 */
export async function inOutboxTransaction<T>(orm: Orm, outbox: EventOutbox, work: (em: EntityManager, emit: Emit) => Promise<T>): Promise<T> {
  const events: OperationRunEvent[] = [];
  const result = await orm.em.fork().transactional(async (em) =>
    work(em, (run, kind, fields = {}) => {
      events.push(
        em.create<OperationRunEvent>(OUTBOX_ENTITY, {
          run: run.id,
          workspace: run.workspace,
          tenant: run.tenant ?? null,
          kind,
          snapshot: fields.snapshotId ?? null,
          profile: fields.profileId ?? null,
          recipient: fields.recipientId ?? null,
          payload: { runType: run.type, ...fields.payload },
        }),
      );
    }),
  );
  await outbox.publish(events);
  return result;
}
