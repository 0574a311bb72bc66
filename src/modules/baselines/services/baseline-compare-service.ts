import type { EntityManager } from '@mikro-orm/postgresql';
import { cancelStatementsOnAbort } from '../../../platform/db/cancel-on-abort.js';
import type { Orm } from '../../../platform/db/orm.js';
import type { BaselineReasonCode } from '../domain/baseline-reasons.js';
import { classifyDrift, driftSeverity, findingScopeKey } from '../domain/drift.js';
import { newId } from '../../../platform/ids.js';
import type { BaselineProfile, CaptureMode } from '../entities/baseline-profile.js';
import type { BaselineSnapshot } from '../entities/baseline-snapshot.js';
import type { FindingKind } from '../entities/finding.js';
import { createTenantLoaders } from '../../tenants/loaders.js';
import { createBaselineLoaders } from '../loaders.js';
import { lockOwnedRun, type AttemptRef } from '../../operation-runs/services/attempt-fence.js';
import { baselineHashSql, isCaptureMode } from './baseline-hash-sql.js';
import { tenantCompareAvailability } from './compare-availability.js';

interface DriftRow {
  subject_type: string | null;
  subject_external_id: string | null;
  policy_type: string | null;
  display_name: string | null;
  baseline_hash: string | null;
  current_hash: string | null;
  compared: number;
}

/** What one compare attempt works on: its run's tenant, profile and snapshot, fenced to the attempt. */
export interface CompareRequest {
  attempt: AttemptRef;
  workspaceId: string;
  tenantId: string;
  profileId: string;
  snapshotId: string;
  /** Aborted at the attempt's timeout or when the run stops being the attempt's: nothing is written after it. */
  signal: AbortSignal;
}

export interface CompareResult {
  subjectsCompared: number;
  drift: Record<FindingKind, number>;
  findingsResolved: number;
}

export type CompareOutcome =
  { kind: 'compared'; result: CompareResult; profileId: string; snapshotId: string } | { kind: 'blocked'; reasonCode: BaselineReasonCode };

type CompareInput = { kind: 'ready'; profile: BaselineProfile; snapshot: BaselineSnapshot } | { kind: 'blocked'; reasonCode: BaselineReasonCode };

/**
 * One full outer join between the snapshot's items and the tenant's current inventory (in the
 * snapshot's scope) finds every subject whose hashes differ; the join is computed once and also
 * yields how many subjects were compared. The current hash follows the snapshot's capture mode,
 * with the same expression capture used.
 */
const driftSql = (captureMode: CaptureMode) => `
with joined as materialized (
  select coalesce(b.subject_type, i.policy_type) as subject_type,
         coalesce(b.subject_external_id, i.external_id) as subject_external_id,
         coalesce(b.policy_type, i.policy_type) as policy_type,
         coalesce(i.display_name, b.display_name) as display_name,
         b.baseline_hash,
         i.current_hash
    from (select subject_type, subject_external_id, policy_type, display_name, baseline_hash
            from baseline_snapshot_items where baseline_snapshot_id = ?) b
    full outer join (
          select c.policy_type, c.external_id, c.display_name, ${baselineHashSql(captureMode, 'c')} as current_hash
            from inventory_items c
           where c.tenant_id = ? and c.removed_at is null and c.policy_type in (?)) i
      on b.subject_type = i.policy_type and b.subject_external_id = i.external_id
),
stats as (select count(*)::int as compared from joined)
select d.*, stats.compared
  from stats
  left join lateral (select * from joined where baseline_hash is distinct from current_hash) d on true`;

const UPSERT_FINDINGS_SQL = `
insert into findings (id, workspace_id, tenant_id, baseline_profile_id, baseline_snapshot_id, scope_key, subject_type,
                      subject_external_id, policy_type, display_name, kind, severity, status, first_seen_at, last_seen_at,
                      resolved_at, producing_run_id, last_seen_run_id, evidence, created_at, updated_at)
select id, ?, ?, ?, ?, ?, subject_type, subject_external_id, policy_type, display_name, kind, severity, 'open', now(), now(),
       null, ?, ?, evidence, now(), now()
  from json_to_recordset(?::json) as t(id uuid, subject_type text, subject_external_id text, policy_type text,
                                        display_name text, kind text, severity text, evidence jsonb)
on conflict (tenant_id, scope_key, subject_type, subject_external_id) do update set
  kind = excluded.kind,
  severity = excluded.severity,
  status = 'open',
  resolved_at = null,
  display_name = excluded.display_name,
  baseline_snapshot_id = excluded.baseline_snapshot_id,
  last_seen_at = excluded.last_seen_at,
  last_seen_run_id = excluded.last_seen_run_id,
  evidence = excluded.evidence,
  updated_at = now()`;

const RESOLVE_VANISHED_SQL = `
update findings set status = 'resolved', resolved_at = now(), updated_at = now()
 where tenant_id = ? and scope_key = ? and status = 'open' and last_seen_run_id is distinct from ?`;

const UPSERT_BATCH = 5000;

/**
 * Baseline compare: diffs a tenant's inventory against a consumable snapshot and records the
 * result as findings per subject — upserted when drifting, resolved when they no longer drift —
 * in one transaction, so a compare's findings are all-or-nothing.
 *
 * The transaction first share-locks the tenant, its assignment and the run's profile, then decides
 * whether the compare may run with the same rules as the start mutation: whatever changed before
 * (a newer snapshot became effective, the tenant was archived, the profile archived, the
 * assignment removed) blocks it with that reason and nothing is written; whatever comes later
 * (capture finalization locks the profile exclusively) waits for it. Findings are written only
 * while the attempt still owns its run (the attempt fence, taken after the drift query so a long
 * query never holds the run row) and while its signal is not aborted; an abort also cancels the
 * statement in flight.
 */
export class BaselineCompareService {
  constructor(private readonly orm: Orm) {}

  async compare(request: CompareRequest): Promise<CompareOutcome> {
    const { signal } = request;
    try {
      return await this.orm.em.fork().transactional(async (em): Promise<CompareOutcome> => {
        const stopCancelling = await cancelStatementsOnAbort(this.orm, em, signal);
        try {
          const input = await this.lockInput(em, request);
          if (input.kind === 'blocked') return input;
          const result = await this.writeFindings(em, request, input.profile, input.snapshot);
          return { kind: 'compared', result, profileId: input.profile.id, snapshotId: input.snapshot.id };
        } finally {
          stopCancelling();
        }
      });
    } catch (error) {
      // A statement cancelled by the abort fails with PostgreSQL's error: report why it was cancelled.
      if (signal.aborted) throw signal.reason;
      throw error;
    }
  }

  /** Locks what the compare consumes and re-decides, as the start mutation would now, whether it may run. */
  private async lockInput(em: EntityManager, request: CompareRequest): Promise<CompareInput> {
    const [tenantRow] = await em.execute<{ id: string }[]>('select id from tenants where id = ? and workspace_id = ? for share', [
      request.tenantId,
      request.workspaceId,
    ]);
    if (!tenantRow) return { kind: 'blocked', reasonCode: 'baseline.compare.no_eligible_target' };
    await em.execute('select id from baseline_tenant_assignments where tenant_id = ? for share', [request.tenantId]);
    await em.execute('select id from baseline_profiles where id = ? for share', [request.profileId]);
    const loaders = { ...createTenantLoaders(em), ...createBaselineLoaders(em) };
    const tenant = (await loaders.tenant.load(request.tenantId))!;
    if (tenant.status !== 'active') return { kind: 'blocked', reasonCode: 'baseline.compare.tenant_archived' };
    // Archiving the profile also removes its assignments; name the cause rather than the symptom.
    const runProfile = await loaders.profile.load(request.profileId);
    if (!runProfile || runProfile.status !== 'active') return { kind: 'blocked', reasonCode: 'baseline.compare.profile_not_active' };
    // A transaction has one connection: load what the verdict reads one query at a time.
    for (const load of [
      () => loaders.assignmentsByTenant.load(request.tenantId),
      () => loaders.effectiveSnapshotByProfile.load(request.profileId),
      () => loaders.latestAttemptedByProfile.load(request.profileId),
      () => loaders.snapshot.load(request.snapshotId),
    ]) {
      await load();
    }
    const availability = await tenantCompareAvailability(loaders, tenant, request.snapshotId);
    if (!availability.allowed || !availability.profile || !availability.snapshot) {
      return { kind: 'blocked', reasonCode: availability.reasonCode ?? 'baseline.compare.no_consumable_snapshot' };
    }
    return { kind: 'ready', profile: availability.profile, snapshot: (await loaders.snapshot.load(availability.snapshot.id))! };
  }

  private async writeFindings(em: EntityManager, request: CompareRequest, profile: BaselineProfile, snapshot: BaselineSnapshot): Promise<CompareResult> {
    const { attempt, signal, tenantId } = request;
    const policyTypes = Array.isArray(snapshot.summary.policy_types) ? (snapshot.summary.policy_types as string[]) : profile.scope.policyTypes;
    const captureMode = isCaptureMode(snapshot.summary.capture_mode) ? snapshot.summary.capture_mode : profile.captureMode;
    const scopeKey = findingScopeKey(profile.id);
    const rows = await em.execute<DriftRow[]>(driftSql(captureMode), [snapshot.id, tenantId, policyTypes.length > 0 ? policyTypes : ['']]);
    const drift: Record<FindingKind, number> = { missing: 0, unexpected: 0, different: 0 };
    const findings = [];
    for (const row of rows) {
      if (row.subject_type === null) continue;
      const kind = classifyDrift(row.baseline_hash, row.current_hash);
      if (!kind) continue;
      drift[kind] += 1;
      findings.push({
        id: newId(),
        subject_type: row.subject_type,
        subject_external_id: row.subject_external_id,
        policy_type: row.policy_type,
        display_name: row.display_name,
        kind,
        severity: driftSeverity(kind),
        evidence: { baselineHash: row.baseline_hash, currentHash: row.current_hash, snapshotId: snapshot.id },
      });
    }
    signal.throwIfAborted();
    await lockOwnedRun(em, attempt);
    for (let start = 0; start < findings.length; start += UPSERT_BATCH) {
      signal.throwIfAborted();
      await em.execute(
        UPSERT_FINDINGS_SQL,
        [
          request.workspaceId,
          tenantId,
          profile.id,
          snapshot.id,
          scopeKey,
          attempt.runId,
          attempt.runId,
          JSON.stringify(findings.slice(start, start + UPSERT_BATCH)),
        ],
        'run',
      );
    }
    signal.throwIfAborted();
    const resolved = await em.execute(RESOLVE_VANISHED_SQL, [tenantId, scopeKey, attempt.runId], 'run');
    signal.throwIfAborted();
    return {
      subjectsCompared: rows[0]?.compared ?? 0,
      drift,
      findingsResolved: (resolved as { affectedRows?: number }).affectedRows ?? 0,
    };
  }
}
