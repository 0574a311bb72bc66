import type { FilterQuery } from '@mikro-orm/postgresql';
import type { Orm } from '../../../platform/db/orm.js';
import { assessFreshness, type FreshnessState } from '../domain/freshness.js';
import { attemptSilenceSeconds } from '../domain/lifecycle-policy.js';
import { RUN_REASON_CATALOG } from '../domain/reason-catalog.js';
import type { ReconciliationSource, RunOutcome, RunStatus } from '../domain/run-states.js';
import { OperationRunSchema, type OperationRun } from '../entities/operation-run.js';
import type { QueueGateway } from '../jobs/queue-gateway.js';
import { policyFor, type LifecycleConfig } from './lifecycle-config.js';
import { freshnessFilter } from './freshness-filter.js';
import { logger } from '../../../platform/logger.js';
import { waitsForAttempt, type OperationRunService } from './operation-run-service.js';
import { visibleRunsCondition } from './run-visibility.js';

export interface ReconcileOptions {
  types?: string[];
  tenantIds?: string[];
  workspaceIds?: string[];
  /** Also restrict to runs of these tenants or workspace-level runs (used for entitlement scoping). */
  visibleTenantIds?: string[] | 'all';
  limit?: number;
  dryRun?: boolean;
  /** What started this pass; recorded in the evidence. */
  trigger?: 'schedule' | 'cli' | 'api';
  /** The user who started it through the API; recorded in the evidence and the audit record. */
  actorId?: string | null;
}

export interface ReconcileChange {
  runId: string;
  type: string;
  tenantId: string | null;
  reasonCode: string;
  applied: boolean;
  before: { status: RunStatus; outcome: RunOutcome; freshness: FreshnessState };
  after: { status: 'completed'; outcome: 'failed'; freshness: 'reconciled_failed' };
}

export interface ReconcileReport {
  inspected: number;
  reconciled: number;
  skipped: number;
  changes: ReconcileChange[];
}

const MAX_LIMIT = 500;

interface Verdict {
  reasonCode: string;
  source: ReconciliationSource;
  evidence: Record<string, unknown>;
  /** Re-checked under the row lock: a heartbeat or a transition that just arrived wins. */
  stillApplies: (locked: OperationRun, now: Date) => boolean;
}

/**
 * Heals covered runs that lost their lifecycle: stale queued/running runs past their thresholds,
 * waiting runs whose queue job no longer exists, and executing runs that went silent while their
 * job no longer exists (the job failed while the database was down and the worker holding the
 * failure died, or Redis lost it along with its worker). It reads only active runs (a partial index
 * makes the scan independent of how many completed runs exist) and never touches a completed run.
 */
export class OperationRunReconciler {
  constructor(
    private readonly orm: Orm,
    private readonly runs: OperationRunService,
    private readonly queues: QueueGateway,
    private readonly lifecycle: LifecycleConfig,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async reconcile(options: ReconcileOptions = {}): Promise<ReconcileReport> {
    const covered = this.lifecycle.policies.filter((policy) => policy.scheduledReconciliation).map((policy) => policy.type);
    const types = options.types?.length ? options.types.filter((type) => covered.includes(type)) : covered;
    const limit = Math.min(Math.max(1, options.limit ?? this.lifecycle.reconcileBatchLimit), MAX_LIMIT);
    if (types.length === 0) return { inspected: 0, reconciled: 0, skipped: 0, changes: [] };

    // Candidates are runs that may need healing: already likely stale, waiting for an attempt (the
    // queue check), or executing but silent past the attempt-silence window. Healthy executing
    // attempts heartbeat and are never candidates, so a backlog of long, healthy runs cannot push a
    // stale run out of the batch.
    const silentSince = new Date(this.now().getTime() - attemptSilenceSeconds(this.lifecycle.timing) * 1000);
    const conditions: FilterQuery<OperationRun>[] = [
      { status: { $in: ['queued', 'running'] }, type: { $in: types } },
      {
        $or: [
          freshnessFilter('likely_stale', this.lifecycle, this.now()),
          { status: 'queued' },
          { status: 'running', attemptStartedAt: null },
          { status: 'running', attemptStartedAt: { $ne: null }, lastHeartbeatAt: { $lte: silentSince } },
        ],
      },
    ];
    if (options.workspaceIds?.length) conditions.push({ workspace: { $in: options.workspaceIds } });
    if (options.tenantIds?.length) conditions.push({ tenant: { $in: options.tenantIds } });
    const visible = options.visibleTenantIds ? visibleRunsCondition(options.visibleTenantIds) : null;
    if (visible) conditions.push(visible);
    const candidates = await this.orm.em.fork().find(OperationRunSchema, { $and: conditions }, { orderBy: { createdAt: 'asc', id: 'asc' }, limit });

    const report: ReconcileReport = { inspected: candidates.length, reconciled: 0, skipped: 0, changes: [] };
    for (const run of candidates) {
      let change: ReconcileChange | null = null;
      try {
        change = await this.reconcileOne(run, options);
      } catch (error) {
        // One run that cannot be reconciled (e.g. a failing terminal hook) must not starve the rest.
        logger.error('could not reconcile a run; the next pass tries again', { runId: run.id, error });
      }
      if (!change) {
        report.skipped += 1;
        continue;
      }
      if (change.applied) report.reconciled += 1;
      report.changes.push(change);
    }
    return report;
  }

  /** The change made (or, in a dry run, that would be made) to one candidate; null when it is left alone. */
  private async reconcileOne(run: OperationRun, options: ReconcileOptions): Promise<ReconcileChange | null> {
    const verdict = await this.verdict(run);
    if (!verdict) return null;
    const before = { status: run.status, outcome: run.outcome, freshness: assessFreshness(run, policyFor(this.lifecycle, run.type), this.now()).state };
    if (!options.dryRun) {
      if (verdict.source === 'scheduled_reconciler') await this.runs.signalLikelyStale(run.id);
      const result = await this.runs.forceFailNonTerminal(
        run.id,
        {
          reasonCode: verdict.reasonCode,
          message: RUN_REASON_CATALOG.describe(verdict.reasonCode).explanation,
          source: verdict.source,
          evidence: { ...verdict.evidence, trigger: options.trigger ?? 'schedule', ...(options.actorId ? { triggeredBy: options.actorId } : {}) },
          actorId: options.actorId ?? null,
        },
        { stillApplies: verdict.stillApplies },
      );
      if (!result.applied) return null;
    }
    return {
      runId: run.id,
      type: run.type,
      tenantId: run.tenant ?? null,
      reasonCode: verdict.reasonCode,
      applied: !options.dryRun,
      before,
      after: { status: 'completed', outcome: 'failed', freshness: 'reconciled_failed' },
    };
  }

  private async verdict(run: OperationRun): Promise<Verdict | null> {
    const policy = policyFor(this.lifecycle, run.type);
    if (!policy) return null;
    const now = this.now();
    const freshness = assessFreshness(run, policy, now);
    const stillStale = (locked: OperationRun, at: Date) => locked.status === run.status && assessFreshness(locked, policy, at).state === 'likely_stale';
    if (freshness.state === 'likely_stale') {
      return {
        reasonCode: run.status === 'queued' ? 'run.stale_queued' : 'run.stale_running',
        source: 'scheduled_reconciler',
        evidence: {
          evaluatedAt: now.toISOString(),
          status: run.status,
          thresholdSeconds: freshness.thresholdSeconds,
          referenceTime: freshness.referenceTime?.toISOString() ?? null,
          staleAt: freshness.staleAt?.toISOString() ?? null,
          attempt: run.attempt,
          lastHeartbeatAt: run.lastHeartbeatAt?.toISOString() ?? null,
        },
        stillApplies: stillStale,
      };
    }
    if (!run.currentAttemptId) return null;
    return waitsForAttempt(run) ? this.lostJobVerdict(run, run.currentAttemptId, now) : this.lostAttemptVerdict(run, run.currentAttemptId, now);
  }

  /** A run waiting for its attempt to be picked up whose job no longer exists can never start. */
  private async lostJobVerdict(run: OperationRun, attemptId: string, now: Date): Promise<Verdict | null> {
    const waitingSince = run.status === 'queued' ? run.createdAt : (run.lastHeartbeatAt ?? run.updatedAt);
    if (now.getTime() - waitingSince.getTime() < this.lifecycle.queueCheckGraceSeconds * 1000) return null;
    if (await this.queues.jobExists(run.type, attemptId)) return null;
    return {
      reasonCode: 'run.queue_job_lost',
      source: 'queue_check',
      evidence: { evaluatedAt: now.toISOString(), status: run.status, attemptId, waitingSince: waitingSince.toISOString(), queue: run.type },
      stillApplies: (locked) => locked.currentAttemptId === attemptId && !locked.attemptStartedAt,
    };
  }

  /**
   * An executing attempt whose heartbeat went silent and whose job no longer exists in the queue
   * has no worker left that could record its outcome: the job ended (its failure could not be
   * bridged while the database was down, and the worker holding it died) or Redis lost it together
   * with its worker. A job still in the queue is left to the direct path (a live worker, or the
   * stalled-job check re-delivering it to another worker, which fails it as abandoned).
   */
  private async lostAttemptVerdict(run: OperationRun, attemptId: string, now: Date): Promise<Verdict | null> {
    const silenceMs = attemptSilenceSeconds(this.lifecycle.timing) * 1000;
    const silent = (locked: OperationRun, at: Date) =>
      at.getTime() - (locked.lastHeartbeatAt ?? locked.attemptStartedAt ?? locked.updatedAt).getTime() >= silenceMs;
    if (!silent(run, now)) return null;
    if (await this.queues.jobExists(run.type, attemptId)) return null;
    return {
      reasonCode: 'run.infrastructure_timeout_or_abandonment',
      source: 'queue_check',
      evidence: {
        evaluatedAt: now.toISOString(),
        status: run.status,
        attemptId,
        attempt: run.attempt,
        lastHeartbeatAt: run.lastHeartbeatAt?.toISOString() ?? null,
        silenceThresholdSeconds: silenceMs / 1000,
        queue: run.type,
      },
      stillApplies: (locked, at) => locked.currentAttemptId === attemptId && Boolean(locked.attemptStartedAt) && silent(locked, at),
    };
  }
}
