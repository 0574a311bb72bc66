import type { Orm } from '../db/orm.js';
import { classifyDrift, driftSeverity, findingScopeKey } from '../domain/drift.js';
import { newId } from '../domain/ids.js';
import type { BaselineProfile, CaptureMode } from '../entities/baseline-profile.js';
import { baselineHashSql, isCaptureMode } from './baseline-hash-sql.js';
import type { BaselineSnapshot } from '../entities/baseline-snapshot.js';
import type { FindingKind } from '../entities/finding.js';
import type { OperationRun } from '../entities/operation-run.js';
import { SnapshotTruthResolver } from './snapshot-truth-resolver.js';

interface DriftRow {
  subject_type: string | null;
  subject_external_id: string | null;
  policy_type: string | null;
  display_name: string | null;
  baseline_hash: string | null;
  current_hash: string | null;
  compared: number;
}

/** The snapshot stopped being the profile's effective one before the compare could lock it. */
export class SnapshotNoLongerEffective extends Error {
  constructor(snapshotId: string) {
    super(`Snapshot ${snapshotId} is no longer the profile's effective snapshot.`);
    this.name = 'SnapshotNoLongerEffective';
  }
}

export interface CompareResult {
  subjectsCompared: number;
  drift: Record<FindingKind, number>;
  findingsResolved: number;
}

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
 */
export class BaselineCompareService {
  constructor(private readonly orm: Orm) {}

  async compare(run: OperationRun, tenantId: string, profile: BaselineProfile, snapshot: BaselineSnapshot): Promise<CompareResult> {
    const policyTypes = Array.isArray(snapshot.summary.policy_types) ? (snapshot.summary.policy_types as string[]) : profile.scope.policyTypes;
    const captureMode = isCaptureMode(snapshot.summary.capture_mode) ? snapshot.summary.capture_mode : profile.captureMode;
    const scopeKey = findingScopeKey(profile.id);
    return this.orm.em.fork().transactional(async (em) => {
      // Holding the profile row (capture finalization takes it exclusively) keeps a newer snapshot
      // from becoming effective while this compare computes drift against the current one.
      await em.execute('select id from baseline_profiles where id = ? for share', [profile.id]);
      const effective = await new SnapshotTruthResolver(em).effective(profile.id);
      if (effective?.id !== snapshot.id) throw new SnapshotNoLongerEffective(snapshot.id);
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
      for (let start = 0; start < findings.length; start += UPSERT_BATCH) {
        await em.execute(
          UPSERT_FINDINGS_SQL,
          [run.workspace, tenantId, profile.id, snapshot.id, scopeKey, run.id, run.id, JSON.stringify(findings.slice(start, start + UPSERT_BATCH))],
          'run',
        );
      }
      const resolved = await em.execute(RESOLVE_VANISHED_SQL, [tenantId, scopeKey, run.id], 'run');
      return {
        subjectsCompared: rows[0]?.compared ?? 0,
        drift,
        findingsResolved: (resolved as { affectedRows?: number }).affectedRows ?? 0,
      };
    });
  }
}
