import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../../platform/db/orm.js';
import { newId } from '../../../platform/ids.js';
import type { CompletionMeta } from '../domain/snapshot-lifecycle.js';
import { SnapshotIdentity } from '../domain/snapshot-identity.js';
import { persistedIdentity } from './persisted-identity-sql.js';
import type { BaselineProfile } from '../entities/baseline-profile.js';
import { BaselineSnapshotSchema, type BaselineSnapshot } from '../entities/baseline-snapshot.js';
import type { OperationRun } from '../../operation-runs/entities/operation-run.js';
import { AttemptNoLongerOwnsRun, lockOwnedRun, type AttemptRef } from '../../operation-runs/services/attempt-fence.js';
import { baselineHashSql, itemMetaSql } from './baseline-hash-sql.js';
import type { EventOutbox } from '../../../outbox/publisher.js';
import { inOutboxTransaction, type Emit } from '../../../outbox/transaction.js';
import { SnapshotTruthResolver } from './snapshot-truth-resolver.js';

/** One subject as read for capture: its key and baseline hash (the payload never leaves PostgreSQL). */
interface SubjectKey {
  policy_type: string;
  external_id: string;
  baseline_hash: string;
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
  constructor(detail: string) {
    super(`Completion proof failed: ${detail}`);
    this.name = 'CompletionProofFailed';
  }
}

class SnapshotNoLongerBuilding extends Error {
  constructor(snapshotId: string) {
    super(`Snapshot ${snapshotId} is no longer building; no more items may be added to it.`);
    this.name = 'SnapshotNoLongerBuilding';
  }
}

function identityOf(profile: BaselineProfile, subjects: readonly SubjectKey[]): string {
  const identity = new SnapshotIdentity(profile.id, profile.captureMode, profile.scope.policyTypes);
  for (const subject of subjects) identity.add(subject.policy_type, subject.external_id, subject.baseline_hash);
  return identity.digest();
}

/**
 * Baseline capture (spec 159). The worker reads only the subjects' keys and baseline hashes (to
 * compute the snapshot identity and the expected count), creates the snapshot `building`, then
 * persists the items in batches — each batch one `INSERT … SELECT` over a key range of the
 * inventory, in its own transaction, so payloads are copied inside PostgreSQL and a batch lands
 * completely or not at all. The completion proof re-derives the identity from the persisted items
 * inside PostgreSQL (`persisted-identity-sql.ts`): the count must equal the expected deduplicated
 * count and the content must be exactly what was read (an inventory report racing the capture fails
 * the proof instead of producing a mislabeled snapshot). Only then is the snapshot `complete` and, in the same transaction, the profile's pointer
 * moved. Any failure after creation finalizes it `incomplete` with the best reason code; an
 * identical re-capture reuses the effective snapshot instead of building a new one.
 */
export class BaselineCaptureService {
  constructor(
    private readonly orm: Orm,
    private readonly outbox: EventOutbox,
  ) {}

  async capture(run: OperationRun, attemptId: string, profile: BaselineProfile, sourceTenantId: string, options: CaptureOptions): Promise<CaptureResult> {
    const attempt: AttemptRef = { runId: run.id, attemptId };
    const subjects = await this.readSubjects(profile, sourceTenantId);
    const identityHash = identityOf(profile, subjects);
    const expected = subjects.length;

    const effective = await new SnapshotTruthResolver(this.orm.em.fork()).effective(profile.id);
    if (effective && effective.snapshotIdentityHash === identityHash) return { kind: 'reused', snapshot: effective, items: expected };

    const snapshot = await this.createBuilding(run, attempt, profile, sourceTenantId, identityHash, subjects);
    let persisted = 0;
    try {
      for (let start = 0, batch = 1; start < subjects.length; start += options.batchSize, batch++) {
        options.signal.throwIfAborted();
        const keys = subjects.slice(start, start + options.batchSize);
        persisted += await this.persistBatch(attempt, snapshot.id, profile, sourceTenantId, keys[0]!, keys.at(-1)!);
        options.progress({ items_expected: expected, items_persisted: persisted });
        await options.afterBatch?.(batch);
      }
      const stored = await persistedIdentity(this.orm.em.fork(), snapshot.id, profile);
      if (stored.count !== expected) throw new CompletionProofFailed(`expected ${expected} item(s), ${stored.count} persisted.`);
      if (stored.identityHash !== identityHash) throw new CompletionProofFailed('the persisted items differ from the inventory that was read.');
      options.signal.throwIfAborted();
      const completed = await this.finalizeComplete(run, attempt, snapshot, { expected, persisted: stored.count, identityHash });
      return { kind: 'complete', snapshot: completed, items: stored.count };
    } catch (error) {
      // An attempt that lost its run writes nothing more: the run's terminal hook (or the attempt
      // that owns the run now) decides what becomes of this snapshot.
      if (error instanceof AttemptNoLongerOwnsRun) throw error;
      const reasonCode = error instanceof CompletionProofFailed ? 'baseline.snapshot.completion_proof_failed' : 'baseline.snapshot.capture_failed';
      const finalized = await inOutboxTransaction(this.orm, this.outbox, async (em, emit) => {
        await lockOwnedRun(em, attempt);
        return finalizeIncomplete(em, emit, run, snapshot.id, reasonCode, expected);
      });
      const count = await this.countItems(snapshot.id);
      return { kind: 'incomplete', snapshot: finalized ?? snapshot, reasonCode, expected, persisted: count, error };
    }
  }

  /** The source tenant's current subjects in the profile's scope, unique by key, in key order. */
  private readSubjects(profile: BaselineProfile, tenantId: string): Promise<SubjectKey[]> {
    return this.orm.em.fork().execute<SubjectKey[]>(
      `select i.policy_type, i.external_id, ${baselineHashSql(profile.captureMode, 'i')} as baseline_hash
         from inventory_items i
        where i.tenant_id = ? and i.removed_at is null and i.policy_type in (?)
        order by i.policy_type, i.external_id`,
      [tenantId, profile.scope.policyTypes],
    );
  }

  private createBuilding(
    run: OperationRun,
    attempt: AttemptRef,
    profile: BaselineProfile,
    sourceTenantId: string,
    identityHash: string,
    subjects: SubjectKey[],
  ): Promise<BaselineSnapshot> {
    const byPolicyType: Record<string, number> = {};
    for (const subject of subjects) byPolicyType[subject.policy_type] = (byPolicyType[subject.policy_type] ?? 0) + 1;
    return inOutboxTransaction(this.orm, this.outbox, async (em, emit) => {
      await lockOwnedRun(em, attempt);
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
        completionMeta: {
          expectedItems: subjects.length,
          persistedItems: 0,
          producerRunId: run.id,
          wasEmptyCapture: subjects.length === 0,
          expectedIdentityHash: identityHash,
        },
      });
      emit(run, 'SNAPSHOT_BUILDING', { snapshotId: snapshot.id, profileId: profile.id, payload: { expectedItems: subjects.length } });
      return snapshot;
    });
  }

  /**
   * One batch: the inventory rows of a key range copied into the snapshot inside PostgreSQL, in its
   * own transaction, only while the attempt owns the run (the attempt fence, taken first) and the
   * snapshot is still building. The share lock on the snapshot row makes a concurrent finalization
   * wait for this batch, and a batch after it find the snapshot finalized and write nothing.
   *
   * A batch commits without waiting for its WAL flush (`synchronous_commit = off`, this transaction
   * only): nothing trusts a batch until the completion transaction, whose synchronous commit flushes
   * every earlier batch with it. A crash that loses a batch also ends the capture before it can
   * claim completeness, so the snapshot is finalized incomplete, never complete with items missing.
   */
  private persistBatch(
    attempt: AttemptRef,
    snapshotId: string,
    profile: BaselineProfile,
    tenantId: string,
    first: SubjectKey,
    last: SubjectKey,
  ): Promise<number> {
    return this.orm.em.fork().transactional(async (em) => {
      await lockOwnedRun(em, attempt);
      const [state] = await em.execute<{ lifecycle_state: string | null }[]>(
        `select set_config('synchronous_commit', 'off', true), lifecycle_state from baseline_snapshots where id = ? for share`,
        [snapshotId],
      );
      if (state?.lifecycle_state !== 'building') throw new SnapshotNoLongerBuilding(snapshotId);
      const inserted = await em.execute(
        `insert into baseline_snapshot_items (baseline_snapshot_id, subject_type, subject_external_id, policy_type, display_name, baseline_hash, meta)
         select ?, i.policy_type, i.external_id, i.policy_type, i.display_name,
                ${baselineHashSql(profile.captureMode, 'i')}, ${itemMetaSql(profile.captureMode, 'i')}
           from inventory_items i
          where i.tenant_id = ? and i.removed_at is null and i.policy_type in (?)
            and (i.policy_type, i.external_id) >= (?, ?) and (i.policy_type, i.external_id) <= (?, ?)`,
        [snapshotId, tenantId, profile.scope.policyTypes, first.policy_type, first.external_id, last.policy_type, last.external_id],
        'run',
      );
      return (inserted as { affectedRows?: number }).affectedRows ?? 0;
    });
  }

  private async countItems(snapshotId: string): Promise<number> {
    const [row] = await this.orm.em
      .fork()
      .execute<{ count: number }[]>('select count(*)::int as count from baseline_snapshot_items where baseline_snapshot_id = ?', [snapshotId]);
    return row!.count;
  }

  /** Marks the snapshot complete with its proof and moves the profile's pointer, atomically, while the attempt owns the run. */
  private finalizeComplete(
    run: OperationRun,
    attempt: AttemptRef,
    snapshot: BaselineSnapshot,
    proof: { expected: number; persisted: number; identityHash: string },
  ): Promise<BaselineSnapshot> {
    return inOutboxTransaction(this.orm, this.outbox, async (em, emit) => {
      await lockOwnedRun(em, attempt);
      const [profile] = await em.execute<{ active_snapshot_id: string | null }[]>('select active_snapshot_id from baseline_profiles where id = ? for update', [
        snapshot.profile,
      ]);
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
  const [counted] = await em.execute<{ count: number }[]>('select count(*)::int as count from baseline_snapshot_items where baseline_snapshot_id = ?', [
    snapshotId,
  ]);
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
