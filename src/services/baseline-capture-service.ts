import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { from as copyFrom } from 'pg-copy-streams';
import type { Orm } from '../db/orm.js';
import { withRawClient } from '../db/raw-client.js';
import { newId } from '../domain/ids.js';
import type { CompletionMeta } from '../domain/snapshot-lifecycle.js';
import { baselineHashOf, SnapshotIdentity } from '../domain/snapshot-identity.js';
import type { BaselineProfile } from '../entities/baseline-profile.js';
import { BaselineSnapshotSchema, type BaselineSnapshot } from '../entities/baseline-snapshot.js';
import type { OperationRun } from '../entities/operation-run.js';
import type { EventOutbox } from './event-outbox.js';
import { inOutboxTransaction, type Emit } from './outbox-transaction.js';
import { SnapshotTruthResolver } from './snapshot-truth-resolver.js';

/** One subject as captured: what is persisted as a BaselineSnapshotItem. */
interface CapturedSubject {
  subjectType: string;
  subjectExternalId: string;
  policyType: string;
  displayName: string;
  baselineHash: string;
  /** JSON text of the item meta (the payload, in full-content mode). */
  metaJson: string;
}

export interface CaptureOptions {
  batchSize: number;
  signal: AbortSignal;
  progress(counts: Record<string, number>): void;
  /** Called after each committed batch; a fault injected here exercises partial-capture failure. */
  afterBatch?: (batch: number) => Promise<void>;
}

export type CaptureResult =
  | { kind: 'reused'; snapshot: BaselineSnapshot; items: number }
  | { kind: 'complete'; snapshot: BaselineSnapshot; items: number }
  | { kind: 'incomplete'; snapshot: BaselineSnapshot; reasonCode: string; expected: number; persisted: number; error: unknown };

class CompletionProofFailed extends Error {
  constructor(expected: number, persisted: number) {
    super(`Completion proof failed: expected ${expected} item(s), ${persisted} persisted.`);
    this.name = 'CompletionProofFailed';
  }
}

class SnapshotNoLongerBuilding extends Error {
  constructor(snapshotId: string) {
    super(`Snapshot ${snapshotId} is no longer building; no more items may be added to it.`);
    this.name = 'SnapshotNoLongerBuilding';
  }
}

/** COPY text format: backslash, tab, newline and carriage return must be escaped. */
function copyField(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const ITEM_COLUMNS = '(baseline_snapshot_id, subject_type, subject_external_id, policy_type, display_name, baseline_hash, meta)';

/** About 64 KiB of COPY text per write: a write per row costs two socket writes per row. */
const COPY_CHUNK_CHARS = 64 * 1024;

function* copyChunks(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= COPY_CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Baseline capture (spec 159): a snapshot is created `building` before its first item, items are
 * persisted in COPY batches (each batch atomic, so a retried batch never duplicates), and the
 * snapshot becomes `complete` only after the completion proof (persisted count equals the expected
 * deduplicated count) — then, in the same transaction, the profile's pointer moves to it. Any
 * failure after creation finalizes it `incomplete` with the best reason code; an identical
 * re-capture reuses the effective snapshot instead of building a new one.
 */
export class BaselineCaptureService {
  constructor(
    private readonly orm: Orm,
    private readonly outbox: EventOutbox,
  ) {}

  async capture(run: OperationRun, profile: BaselineProfile, sourceTenantId: string, options: CaptureOptions): Promise<CaptureResult> {
    const subjects = await this.readSubjects(profile, sourceTenantId);
    const identity = new SnapshotIdentity(profile.id, profile.captureMode, profile.scope.policyTypes);
    for (const subject of subjects) identity.add(subject.subjectType, subject.subjectExternalId, subject.baselineHash);
    const identityHash = identity.digest();
    const expected = subjects.length;

    const effective = await new SnapshotTruthResolver(this.orm.em.fork()).effective(profile.id);
    if (effective && effective.snapshotIdentityHash === identityHash) return { kind: 'reused', snapshot: effective, items: expected };

    const snapshot = await this.createBuilding(run, profile, sourceTenantId, identityHash, subjects);
    let persisted = 0;
    try {
      for (let start = 0, batch = 1; start < subjects.length; start += options.batchSize, batch++) {
        if (options.signal.aborted) throw options.signal.reason;
        persisted += await this.persistBatch(snapshot.id, subjects.slice(start, start + options.batchSize));
        options.progress({ items_expected: expected, items_persisted: persisted });
        await options.afterBatch?.(batch);
      }
      const proven = await this.countItems(snapshot.id);
      if (proven !== expected) throw new CompletionProofFailed(expected, proven);
      const completed = await this.finalizeComplete(run, snapshot, { expected, persisted: proven, identityHash });
      return { kind: 'complete', snapshot: completed, items: proven };
    } catch (error) {
      const reasonCode = error instanceof CompletionProofFailed ? 'baseline.snapshot.completion_proof_failed' : 'baseline.snapshot.capture_failed';
      const finalized = await inOutboxTransaction(this.orm, this.outbox, (em, emit) => finalizeIncomplete(em, emit, run, snapshot.id, reasonCode, expected));
      const persisted = await this.countItems(snapshot.id);
      return { kind: 'incomplete', snapshot: finalized ?? snapshot, reasonCode, expected, persisted, error };
    }
  }

  /** The source tenant's current inventory in the profile's scope, deduplicated and in subject order. */
  private async readSubjects(profile: BaselineProfile, tenantId: string): Promise<CapturedSubject[]> {
    const rows = await this.orm.em.fork().execute<{ policy_type: string; external_id: string; display_name: string; content_hash: string; payload: string }[]>(
      `select policy_type, external_id, display_name, content_hash, payload::text as payload
         from inventory_items
        where tenant_id = ? and removed_at is null and policy_type in (?)
        order by policy_type, external_id`,
      [tenantId, profile.scope.policyTypes],
    );
    return rows.map((row) => ({
      subjectType: row.policy_type,
      subjectExternalId: row.external_id,
      policyType: row.policy_type,
      displayName: row.display_name,
      baselineHash: baselineHashOf(profile.captureMode, row.content_hash, row.display_name),
      metaJson: profile.captureMode === 'full_content' ? `{"payload":${row.payload}}` : '{}',
    }));
  }

  private createBuilding(run: OperationRun, profile: BaselineProfile, sourceTenantId: string, identityHash: string, subjects: CapturedSubject[]): Promise<BaselineSnapshot> {
    const byPolicyType: Record<string, number> = {};
    for (const subject of subjects) byPolicyType[subject.policyType] = (byPolicyType[subject.policyType] ?? 0) + 1;
    return inOutboxTransaction(this.orm, this.outbox, async (em, emit) => {
      const snapshot = em.create(BaselineSnapshotSchema, {
        id: newId(),
        workspace: profile.workspace,
        profile: profile.id,
        snapshotIdentityHash: identityHash,
        capturedAt: new Date(),
        lifecycleState: 'building',
        producerRun: run.id,
        summary: {
          total_items: subjects.length,
          policy_types: profile.scope.policyTypes,
          items_by_policy_type: byPolicyType,
          capture_mode: profile.captureMode,
          source_tenant_id: sourceTenantId,
        },
        completionMeta: { expectedItems: subjects.length, persistedItems: 0, producerRunId: run.id, wasEmptyCapture: subjects.length === 0, expectedIdentityHash: identityHash },
      });
      emit(run, 'SNAPSHOT_BUILDING', { snapshotId: snapshot.id, profileId: profile.id, payload: { expectedItems: subjects.length } });
      return snapshot;
    });
  }

  /**
   * One COPY in its own transaction: the batch lands completely or not at all, and only while the
   * snapshot is still building. The share lock on the snapshot row makes a concurrent finalization
   * wait for this batch, and a batch after it find the snapshot finalized and write nothing.
   */
  private persistBatch(snapshotId: string, batch: CapturedSubject[]): Promise<number> {
    return withRawClient(this.orm, async (client) => {
      await client.query('begin');
      try {
        const { rows } = await client.query<{ lifecycle_state: string | null }>(
          'select lifecycle_state from baseline_snapshots where id = $1 for share',
          [snapshotId],
        );
        if (rows[0]?.lifecycle_state !== 'building') throw new SnapshotNoLongerBuilding(snapshotId);
        const copy = client.query(copyFrom(`copy baseline_snapshot_items ${ITEM_COLUMNS} from stdin`));
        const lines = batch.map(
          (subject) =>
            `${snapshotId}\t${copyField(subject.subjectType)}\t${copyField(subject.subjectExternalId)}\t${copyField(subject.policyType)}\t` +
            `${copyField(subject.displayName)}\t${subject.baselineHash}\t${copyField(subject.metaJson)}\n`,
        );
        await pipeline(Readable.from(copyChunks(lines)), copy);
        await client.query('commit');
        return batch.length;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      }
    });
  }

  private async countItems(snapshotId: string): Promise<number> {
    const [row] = await this.orm.em.fork().execute<{ count: number }[]>('select count(*)::int as count from baseline_snapshot_items where baseline_snapshot_id = ?', [snapshotId]);
    return row!.count;
  }

  /** Marks the snapshot complete with its proof and moves the profile's pointer, atomically. */
  private finalizeComplete(run: OperationRun, snapshot: BaselineSnapshot, proof: { expected: number; persisted: number; identityHash: string }): Promise<BaselineSnapshot> {
    return inOutboxTransaction(this.orm, this.outbox, async (em, emit) => {
      const [profile] = await em.execute<{ active_snapshot_id: string | null }[]>(
        'select active_snapshot_id from baseline_profiles where id = ? for update',
        [snapshot.profile],
      );
      const now = new Date();
      const meta: CompletionMeta = {
        expectedItems: proof.expected,
        persistedItems: proof.persisted,
        producerRunId: run.id,
        wasEmptyCapture: proof.expected === 0,
        expectedIdentityHash: proof.identityHash,
        finalizedAt: now.toISOString(),
      };
      const updated = await em.execute(
        `update baseline_snapshots set lifecycle_state = 'complete', completed_at = ?, completion_meta = ?::jsonb, updated_at = now()
          where id = ? and lifecycle_state = 'building'`,
        [now, JSON.stringify(meta), snapshot.id],
        'run',
      );
      if ((updated as { affectedRows?: number }).affectedRows !== 1) {
        throw new Error(`Snapshot ${snapshot.id} is no longer building; it cannot be completed.`);
      }
      await em.execute('update baseline_profiles set active_snapshot_id = ?, updated_at = now() where id = ?', [snapshot.id, snapshot.profile], 'run');
      emit(run, 'SNAPSHOT_COMPLETE', { snapshotId: snapshot.id, profileId: snapshot.profile, payload: { items: proof.persisted } });
      emit(run, 'EFFECTIVE_SNAPSHOT_CHANGED', {
        snapshotId: snapshot.id,
        profileId: snapshot.profile,
        payload: { previousSnapshotId: profile?.active_snapshot_id ?? null },
      });
      return em.findOneOrFail(BaselineSnapshotSchema, { id: snapshot.id }, { refresh: true });
    });
  }
}

/**
 * Finalizes a building snapshot as incomplete (never complete afterwards) with its best reason and
 * proof metadata. Items are counted under the row lock, after any batch in flight committed; no
 * batch lands afterwards, so the recorded count stays the snapshot's item count. Returns null when
 * the snapshot was no longer building.
 */
export async function finalizeIncomplete(
  em: EntityManager,
  emit: Emit,
  run: OperationRun,
  snapshotId: string,
  reasonCode: string,
  expectedItems: number | null,
): Promise<BaselineSnapshot | null> {
  const snapshot = await em.findOne(BaselineSnapshotSchema, { id: snapshotId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!snapshot || snapshot.lifecycleState !== 'building') return null;
  const [counted] = await em.execute<{ count: number }[]>('select count(*)::int as count from baseline_snapshot_items where baseline_snapshot_id = ?', [snapshotId]);
  const now = new Date();
  snapshot.lifecycleState = 'incomplete';
  snapshot.failedAt = now;
  snapshot.completionMeta = {
    ...(snapshot.completionMeta ?? { producerRunId: run.id, wasEmptyCapture: false }),
    expectedItems,
    persistedItems: counted!.count,
    producerRunId: run.id,
    wasEmptyCapture: false,
    finalizationReasonCode: reasonCode,
    finalizedAt: now.toISOString(),
  };
  emit(run, 'SNAPSHOT_INCOMPLETE', { snapshotId: snapshot.id, profileId: snapshot.profile, payload: { reasonCode } });
  return snapshot;
}

/**
 * Terminal hook of `baseline_capture` runs: whatever ended the run (normal failure, the failure
 * bridge, the reconciler), no snapshot it produced may stay `building`.
 */
export async function finalizeOrphanedCaptureSnapshots(em: EntityManager, run: OperationRun, emit: Emit): Promise<void> {
  const building = await em.find(BaselineSnapshotSchema, { producerRun: run.id, lifecycleState: 'building' });
  for (const snapshot of building) {
    await finalizeIncomplete(em, emit, run, snapshot.id, 'baseline.snapshot.capture_failed', snapshot.completionMeta?.expectedItems ?? null);
  }
}
