import type { FilterQuery } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm.js';
import { assessFreshness, type FreshnessState } from '../domain/freshness.js';
import { describeReason } from '../domain/reason-catalog.js';
import type { ReconciliationSource, RunOutcome, RunStatus } from '../domain/run-states.js';
import { OperationRunSchema, type OperationRun } from '../entities/operation-run.js';
import type { QueueGateway } from '../jobs/queue-gateway.js';
import { policyFor, type LifecycleConfig } from '../lifecycle-config.js';
import { freshnessFilter } from './freshness-filter.js';
import { logger } from '../logger.js';
import type { OperationRunService } from './operation-run-service.js';

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

/**
 * Heals covered runs that lost their lifecycle: stale queued/running runs past their thresholds,
 * and waiting runs whose queue job no longer exists. It reads only active runs (a partial index
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

    // Candidates are runs that may need healing: already likely stale, or waiting for an attempt
    // (the queue check). Healthy executing attempts are never candidates, so a backlog of long,
    // healthy runs cannot push a stale run out of the batch.
    const conditions: FilterQuery<OperationRun>[] = [
      { status: { $in: ['queued', 'running'] }, type: { $in: types } },
      { $or: [freshnessFilter('likely_stale', this.lifecycle, this.now()), { status: 'queued' }, { status: 'running', attemptStartedAt: null }] },
    ];
    if (options.workspaceIds?.length) conditions.push({ workspace: { $in: options.workspaceIds } });
    if (options.tenantIds?.length) conditions.push({ tenant: { $in: options.tenantIds } });
    if (options.visibleTenantIds && options.visibleTenantIds !== 'all') {
      conditions.push({ $or: [{ tenant: null }, { tenant: { $in: options.visibleTenantIds } }] });
    }
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
          message: describeReason(verdict.reasonCode).explanation,
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

  private async verdict(run: OperationRun): Promise<{
    reasonCode: string;
    source: ReconciliationSource;
    evidence: Record<string, unknown>;
    stillApplies: (locked: OperationRun, now: Date) => boolean;
  } | null> {
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
    const waiting = run.status === 'queued' || (run.status === 'running' && !run.attemptStartedAt);
    const waitingSince = run.status === 'queued' ? run.createdAt : (run.lastHeartbeatAt ?? run.updatedAt);
    const graceElapsed = now.getTime() - waitingSince.getTime() >= this.lifecycle.queueCheckGraceSeconds * 1000;
    if (!waiting || !graceElapsed || !run.currentAttemptId) return null;
    if (await this.queues.jobExists(run.type, run.currentAttemptId)) return null;
    const attemptId = run.currentAttemptId;
    return {
      reasonCode: 'run.queue_job_lost',
      source: 'queue_check',
      evidence: { evaluatedAt: now.toISOString(), status: run.status, attemptId, waitingSince: waitingSince.toISOString(), queue: run.type },
      stillApplies: (locked) => locked.currentAttemptId === attemptId && !locked.attemptStartedAt,
    };
  }
}
