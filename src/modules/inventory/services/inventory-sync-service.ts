import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../../platform/db/orm.js';
import type { InventoryConnector, SourceSubject } from '../connectors/inventory-connector.js';
import { checkInventoryItems } from '../../../platform/input-rules.js';
import type { FailureEntry } from '../../operation-runs/domain/run-states.js';
import type { OperationRun } from '../../operation-runs/entities/operation-run.js';
import type { Tenant } from '../../tenants/entities/tenant.js';
import { upsertInventorySql } from './inventory-service.js';

export interface SyncOptions {
  signal: AbortSignal;
  progress(counts: Record<string, number>): void;
}

export interface SyncCounts {
  subjects_listed: number;
  pages_fetched: number;
  subjects_rejected: number;
  items_inserted: number;
  items_updated: number;
  items_unchanged: number;
  items_removed: number;
}

export interface SyncResult {
  counts: SyncCounts;
  /** Subjects the inventory rules refused; they keep their previous inventory state. */
  rejected: FailureEntry[];
}

/** The attempt stopped owning its run (timed out, reconciled or superseded) before it could write. */
export class SyncAttemptFenced extends Error {
  constructor(runId: string, attemptId: string) {
    super(`Attempt ${attemptId} no longer owns run ${runId}; the sync wrote nothing more.`);
    this.name = 'SyncAttemptFenced';
  }
}

const STAGE_SQL = `
insert into inventory_sync_staged_items (run_id, attempt_id, policy_type, external_id, display_name, content_hash, payload)
select ?, ?, policy_type, external_id, display_name, content_hash, payload
  from json_to_recordset(?::json) as t(policy_type text, external_id text, display_name text, content_hash text, payload jsonb)
on conflict (attempt_id, policy_type, external_id) do update set
  display_name = excluded.display_name, content_hash = excluded.content_hash, payload = excluded.payload`;

/** The attempt's accepted subjects, as the inventory upsert reads them. */
const APPLY_UPSERT_SQL = upsertInventorySql(`
  select policy_type, external_id, display_name, content_hash, payload
    from inventory_sync_staged_items where attempt_id = ? and payload is not null`);

/** Subjects of the connector's types that the attempt did not list at all (rejected ones were listed). */
const APPLY_REMOVE_SQL = `
update inventory_items i set removed_at = now(), updated_at = now()
 where i.tenant_id = ? and i.removed_at is null and i.policy_type in (?)
   and not exists (select 1 from inventory_sync_staged_items s
                    where s.attempt_id = ? and s.policy_type = i.policy_type and s.external_id = i.external_id)`;

/** A display name longer than inventory allows is shortened rather than rejected: it is a label, not identity. */
function displayName(subject: SourceSubject): string {
  return subject.displayName.length > 400 ? `${subject.displayName.slice(0, 399)}…` : subject.displayName;
}

/**
 * Inventory sync as one consistent generation. Each page the connector lists is staged under the
 * attempt id (fenced: only while the attempt still owns its running run); nothing a capture or
 * compare reads changes while the pull goes on. When the whole pull is in, one transaction, again
 * fenced and holding the run row so no terminal transition can interleave, upserts the staged
 * subjects into `inventory_items`, marks subjects of the connector's types that were not listed
 * removed, and drops the staging rows. A pull that fails, times out or is superseded applies
 * nothing: the previous inventory stays exactly as it was, and the run's terminal hook discards
 * what it staged.
 */
export class InventorySyncService {
  constructor(private readonly orm: Orm) {}

  async sync(run: OperationRun, attemptId: string, tenant: Tenant, connector: InventoryConnector, options: SyncOptions): Promise<SyncResult> {
    const { signal } = options;
    // Whatever an earlier attempt of this run staged is not part of this generation.
    await this.orm.em.fork().execute('delete from inventory_sync_staged_items where run_id = ? and attempt_id <> ?', [run.id, attemptId], 'run');
    const rejected: FailureEntry[] = [];
    let listed = 0;
    let pages = 0;
    for await (const subjects of connector.listSubjects(signal)) {
      if (signal.aborted) throw signal.reason;
      rejected.push(...(await this.stage(run.id, attemptId, subjects)));
      listed += subjects.length;
      pages += 1;
      options.progress({
        subjects_listed: listed,
        pages_fetched: pages,
        source_requests: connector.stats.requests,
        backoff_waits: connector.stats.backoffWaits,
      });
    }
    if (signal.aborted) throw signal.reason;
    const applied = await this.apply(run.id, attemptId, tenant, connector.policyTypes, signal);
    return { counts: { subjects_listed: listed, pages_fetched: pages, subjects_rejected: rejected.length, ...applied }, rejected };
  }

  /**
   * Stages one page; subjects the inventory rules refuse are staged without payload and reported.
   * A subject listed twice counts once, as it was listed last (also across pages).
   */
  private async stage(runId: string, attemptId: string, page: readonly SourceSubject[]): Promise<FailureEntry[]> {
    const subjects = [...new Map(page.map((subject) => [`${subject.policyType}\u0000${subject.externalId}`, subject])).values()];
    const problems = checkInventoryItems(
      subjects.map((subject) => ({ ...subject, displayName: displayName(subject) })),
      Number.MAX_SAFE_INTEGER,
    );
    const refused = new Map<number, string>();
    for (const problem of problems)
      if (problem.index !== undefined && !refused.has(problem.index)) refused.set(problem.index, `${problem.field}: ${problem.message}`);
    const rows = subjects.map((subject, index) => ({
      policy_type: subject.policyType,
      external_id: subject.externalId,
      display_name: displayName(subject),
      content_hash: refused.has(index) ? null : subject.contentHash,
      payload: refused.has(index) ? null : subject.payload,
    }));
    await this.orm.em.fork().transactional(async (em) => {
      await this.fence(em, runId, attemptId);
      if (rows.length > 0) await em.execute(STAGE_SQL, [runId, attemptId, JSON.stringify(rows)], 'run');
    });
    return [...refused].map(([index, message]) => ({
      code: 'inventory_sync.subjects_rejected',
      message: `${subjects[index]!.policyType} ${subjects[index]!.externalId}: ${message}`,
    }));
  }

  private apply(runId: string, attemptId: string, tenant: Tenant, policyTypes: readonly string[], signal: AbortSignal) {
    return this.orm.em.fork().transactional(async (em) => {
      await this.fence(em, runId, attemptId);
      // Checked under the run row lock: a timeout that aborted this attempt before the lock was
      // taken stops the apply; one that comes later waits for this transaction to commit.
      if (signal.aborted) throw signal.reason;
      const [upserted] = await em.execute<{ inserted: number; updated: number; unchanged: number }[]>(APPLY_UPSERT_SQL, [
        attemptId,
        tenant.workspace,
        tenant.id,
        runId,
      ]);
      const removed = await em.execute(APPLY_REMOVE_SQL, [tenant.id, [...policyTypes], attemptId], 'run');
      await em.execute('delete from inventory_sync_staged_items where run_id = ?', [runId], 'run');
      return {
        items_inserted: upserted!.inserted,
        items_updated: upserted!.updated,
        items_unchanged: upserted!.unchanged,
        items_removed: (removed as { affectedRows?: number }).affectedRows ?? 0,
      };
    });
  }

  /**
   * Holds the run row (shared) for the rest of the transaction after checking that this attempt
   * still owns the running run. A terminal transition (which locks the row exclusively) waits for
   * the write to commit; one that committed first makes this write refuse.
   */
  private async fence(em: EntityManager, runId: string, attemptId: string): Promise<void> {
    const [row] = await em.execute<{ status: string; current_attempt_id: string | null }[]>(
      'select status, current_attempt_id from operation_runs where id = ? for share',
      [runId],
    );
    if (row?.status !== 'running' || row.current_attempt_id !== attemptId) throw new SyncAttemptFenced(runId, attemptId);
  }
}

/** Terminal hook of `inventory_sync` runs: however the run ended, what it staged is discarded. */
export async function discardStagedInventory(em: EntityManager, run: OperationRun): Promise<void> {
  await em.execute('delete from inventory_sync_staged_items where run_id = ?', [run.id], 'run');
}
