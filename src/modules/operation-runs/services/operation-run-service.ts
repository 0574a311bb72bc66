import { attemptStillAlive } from '../domain/attempt-liveness.js';
import type { ReasonCatalog } from '../domain/reason-catalog.js';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../../platform/db/orm.js';
import { errorClass, summarizeError } from '../../../platform/error-text.js';
import { assessFreshness } from '../domain/freshness.js';
import { newId } from '../../../platform/ids.js';
import { runIdentityHash, type RunIdentity } from '../domain/run-identity.js';
import type { FailureEntry, ReconciliationRecord, ReconciliationSource, TerminalOutcome } from '../domain/run-states.js';
import type { OperationRunEventKind } from '../../../outbox/kinds.js';
import { summaryCountProblems } from '../domain/summary-counts.js';
import { OperationRunSchema, type OperationRun } from '../entities/operation-run.js';
import { EnqueueRetries } from '../jobs/enqueue-retries.js';
import type { QueueGateway } from '../jobs/queue-gateway.js';
import { policyFor, type LifecycleConfig } from './lifecycle-config.js';
import { attemptRefusal, type Refusal } from './attempt-fence.js';
import { AuditService } from '../../workspaces/services/audit-service.js';
import type { EventOutbox } from '../../../outbox/publisher.js';
import { runPrepared } from '../../../platform/db/prepared-statement.js';
import { inOutboxTransaction, type Emit } from '../../../outbox/transaction.js';
import { runFromRow, type OperationRunRow } from './run-row.js';
import { recordTerminalEffects, terminalNoticeWording, type TerminalHook } from './run-terminal-effects.js';
import {
  completeAttempts,
  insertQueuedRuns,
  recordHeartbeat,
  startAttempts,
  type AttemptCompletion,
  type AttemptStart,
  type InsertRun,
  type RunStatement,
  type TerminalChange,
} from './run-transition-statements.js';
import { WriteBatcher } from '../../../platform/db/write-batcher.js';
import type { BatchedTransition, RunMetrics } from './run-metrics.js';

export interface CreateRunInput {
  workspaceId: string;
  tenantId?: string | null;
  initiatorId?: string | null;
  type: string;
  /** Inputs that identify the operation; with type, workspace and tenant they form the identity. */
  identity: Record<string, unknown>;
  context?: Record<string, unknown>;
}

export type { Refusal };

export type TransitionResult = { applied: true; run: OperationRun } | { applied: false; reason: Refusal; run: OperationRun | null };

export type StartResult =
  | { kind: 'started'; run: OperationRun }
  | { kind: 'skipped'; reason: Refusal; run: OperationRun | null }
  /** The attempt had already begun on a worker that died; the run was failed instead of re-executed. */
  | { kind: 'abandoned'; run: OperationRun }
  /** The attempt is executing on another worker (its heartbeat is recent): this delivery is a duplicate, dropped. */
  | { kind: 'duplicate'; run: OperationRun };

export interface CompletionInput {
  outcome: Exclude<TerminalOutcome, 'blocked'>;
  summaryCounts?: Record<string, number>;
  failures?: FailureEntry[];
  context?: Record<string, unknown>;
  reasonCode?: string | null;
}

export interface ForceFailInput {
  reasonCode: string;
  message: string;
  source: ReconciliationSource;
  evidence: Record<string, unknown>;
  /** The user who asked for the reconciliation (API or CLI); null for automatic paths. */
  actorId?: string | null;
}

export type BridgeKind = 'timeout' | 'abandoned' | 'queue_error';

export interface RunServiceDeps {
  orm: Orm;
  lifecycle: LifecycleConfig;
  queues: QueueGateway;
  outbox: EventOutbox;
  metrics: RunMetrics;
  /** Describes the reasons terminal notices name: every module's. */
  reasons: ReasonCatalog;
  now?: () => Date;
}

class InvalidCounts extends Error {}

/**
 * Batches of one transition kind (launch, start, completion) on their way at once, per process.
 * Two keep a batch gathering while the other commits, without letting one kind take the pool
 * (bench:run-lifecycle at concurrency 10: one gave about 20% less throughput, four no more than two).
 */
const TRANSITION_BATCHES_IN_FLIGHT = 2;
/** The most runs one transition statement carries. */
const TRANSITION_BATCH_MAX = 100;

/**
 * The only code that changes a run's status or outcome. Every transition runs in one transaction
 * that also writes its outbox event(s); terminal transitions add exactly one audit record, the
 * initiator's notification and any terminal hooks of the run's type. `completed` is terminal:
 * every path returns a completed run unchanged. Attempt-scoped writes carry the attempt id and are
 * refused (fenced) when another attempt owns the run.
 */
export class OperationRunService {
  private readonly terminalHooks = new Map<string, TerminalHook[]>();
  private readonly releaseHooks = new Map<string, TerminalHook[]>();
  private readonly enqueues: EnqueueRetries;
  private readonly now: () => Date;
  private readonly inserts: WriteBatcher<InsertRun, AppliedTransition | null>;
  private readonly starts: WriteBatcher<AttemptStart, AppliedTransition | null>;
  private readonly completions: WriteBatcher<AttemptCompletion, AppliedTransition | null>;

  constructor(private readonly deps: RunServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.enqueues = new EnqueueRetries(deps.queues, deps.lifecycle.queueCheckGraceSeconds * 1000);
    this.inserts = this.batcher('launch', insertQueuedRuns, (run) => run.id);
    this.starts = this.batcher('start', startAttempts, (start) => start.runId);
    this.completions = this.batcher(
      'complete',
      (completions) => completeAttempts(completions, [...this.terminalHooks.keys()]),
      (completion) => completion.runId,
    );
  }

  onTerminal(type: string, hook: TerminalHook): void {
    this.terminalHooks.set(type, [...(this.terminalHooks.get(type) ?? []), hook]);
  }

  /** Work to do in the transaction that releases an attempt without ending the run (retry, hand-back). */
  onAttemptReleased(type: string, hook: TerminalHook): void {
    this.releaseHooks.set(type, [...(this.releaseHooks.get(type) ?? []), hook]);
  }

  /** Stops retrying jobs the queue has not taken yet (process shutdown); the reconciler judges those runs. */
  close(): void {
    this.enqueues.close();
  }

  /**
   * Idempotent: a second request for the same identity returns the active run instead of a new one.
   * A new run, its QUEUED event and its audit record are written by one statement.
   */
  async create(input: CreateRunInput): Promise<{ run: OperationRun; created: boolean }> {
    const identity: RunIdentity = { type: input.type, workspaceId: input.workspaceId, tenantId: input.tenantId ?? null, inputs: input.identity };
    const hash = runIdentityHash(identity);
    for (let attempt = 0; attempt < 5; attempt++) {
      const attemptId = newId();
      const inserted = await this.apply(
        this.inserts.submit({
          id: newId(),
          attemptId,
          workspaceId: input.workspaceId,
          tenantId: input.tenantId ?? null,
          initiatorId: input.initiatorId ?? null,
          type: input.type,
          identityHash: hash,
          context: input.context ?? {},
          auditId: newId(),
          auditMetadata: { type: input.type, identity: input.identity },
        }),
      );
      if (inserted) {
        this.deps.metrics.recordTransition(input.type, 'queued');
        return { run: inserted, created: true };
      }
      const existing = await this.deps.orm.em.fork().findOne(OperationRunSchema, { runIdentityHash: hash, status: { $ne: 'completed' } });
      if (existing) return { run: existing, created: false };
      // The active run with this identity completed between our insert and our read; try again.
    }
    throw new Error(`Could not create or find an active run for identity ${hash}.`);
  }

  /**
   * Puts the run's current attempt on its queue. A queue that does not take the job at once (Redis
   * restarting, down or not answering) does not fail the run: the run stays waiting while the job
   * is tried again in the background for the queue-check grace period, and only a queue that still
   * refuses it then fails the run through the failure bridge. Returns without waiting for those
   * retries, so a request never waits longer than one bounded try.
   */
  async enqueue(run: OperationRun, delayMs = 0): Promise<OperationRun> {
    const attemptId = run.currentAttemptId;
    if (!attemptId) throw new Error(`Run ${run.id} has no attempt to enqueue.`);
    // A try that timed out may still have reached Redis later and its attempt started: only a run
    // still waiting for this attempt is failed when the queue never took the job.
    await this.enqueues.enqueue(run.type, { runId: run.id, attemptId }, delayMs, (error) =>
      this.bridgeFailedJob(run.id, attemptId, 'queue_error', error, { onlyWhileWaiting: true }),
    );
    return run;
  }

  /**
   * create + enqueue. When the identity already has an active run that waits for its attempt to be
   * picked up, its job is put on the queue again: the request that created it may have died between
   * its commit and its enqueue, and a client retrying must not get a run that can never start. Adding
   * a job that exists changes nothing (the job id is the attempt id).
   */
  async launch(input: CreateRunInput): Promise<{ run: OperationRun; created: boolean }> {
    const result = await this.create(input);
    if (result.created || waitsForAttempt(result.run)) await this.enqueue(result.run);
    return result;
  }

  /**
   * Marks an attempt as executing (one statement). A redelivered attempt that already began is
   * bridged to failure.
   */
  async start(runId: string, attemptId: string): Promise<StartResult> {
    const run = await this.apply(this.starts.submit({ runId, attemptId, at: this.now() }));
    if (run) {
      this.deps.metrics.recordTransition(run.type, 'running');
      return { kind: 'started', run };
    }
    const current = await this.read(runId);
    if (!current) return { kind: 'skipped', reason: 'missing', run: null };
    if (current.status === 'completed') return { kind: 'skipped', reason: 'completed', run: current };
    if (current.currentAttemptId !== attemptId) return { kind: 'skipped', reason: 'fenced', run: current };
    if (!current.attemptStartedAt) return { kind: 'skipped', reason: 'changed', run: current };
    if (attemptStillAlive(current.lastHeartbeatAt, this.now(), this.deps.lifecycle.timing.stallIntervalSeconds)) return { kind: 'duplicate', run: current };
    const bridged = await this.bridgeFailedJob(runId, attemptId, 'abandoned', new Error('The job was delivered again after its worker stopped.'));
    return { kind: 'abandoned', run: bridged.run ?? current };
  }

  /**
   * Records liveness and, optionally, numeric progress. One statement; a PROGRESS event is written
   * only when the counts actually change.
   */
  async heartbeat(runId: string, attemptId: string, counts?: Record<string, number>): Promise<TransitionResult> {
    if (counts) {
      const problems = summaryCountProblems(counts);
      if (problems.length > 0) throw new InvalidCounts(`Invalid summary counts: ${problems.join('; ')}.`);
    }
    const run = await this.apply(this.execute(recordHeartbeat(runId, attemptId, counts ?? {}, this.now())).then(([applied]) => applied ?? null));
    if (run) return { applied: true, run };
    return this.refused(runId, attemptId);
  }

  /** Normal terminal path: succeeded, partially succeeded, or failed with failures. */
  async complete(runId: string, attemptId: string, result: CompletionInput): Promise<TransitionResult> {
    if (result.summaryCounts) {
      const problems = summaryCountProblems(result.summaryCounts);
      if (problems.length > 0) throw new InvalidCounts(`Invalid summary counts: ${problems.join('; ')}.`);
    }
    return this.terminal(runId, attemptId, {
      outcome: result.outcome,
      reasonCode: result.reasonCode ?? (result.outcome === 'failed' ? 'run.execution_failed' : null),
      summaryCounts: result.summaryCounts,
      failures: result.failures,
      context: result.context,
    });
  }

  /** Terminal `blocked`: the run refused to proceed for an operator-explainable reason. */
  async finalizeBlocked(
    runId: string,
    attemptId: string,
    reasonCode: string,
    message: string,
    context: Record<string, unknown> = {},
  ): Promise<TransitionResult> {
    return this.terminal(runId, attemptId, { outcome: 'blocked', reasonCode, failures: [{ code: reasonCode, message }], context });
  }

  /** Normal failure path: the handler threw. */
  async failFromError(runId: string, attemptId: string, error: unknown): Promise<TransitionResult> {
    return this.lockedTerminal(runId, attemptId, (run) => {
      run.outcome = 'failed';
      run.reasonCode = 'run.execution_failed';
      run.failureSummary = [...run.failureSummary, { code: 'run.execution_failed', message: summarizeError(error) }];
      run.context = { ...run.context, diagnostics: { errorClass: errorClass(error), attempt: run.attempt } };
    });
  }

  /**
   * Ends the current attempt after a handled failure and queues the next one after `delayMs`.
   * The run stays `running`; the new attempt gets a new attempt id, which fences the old one.
   */
  async releaseForRetry(runId: string, attemptId: string, error: unknown, delayMs: number): Promise<TransitionResult> {
    return this.releaseAttempt(runId, attemptId, delayMs, async (em, run, emit) => {
      run.failureSummary = [...run.failureSummary, { code: 'run.attempt_failed', message: `Attempt ${run.attempt}: ${summarizeError(error)}` }];
      emit(run, 'PROGRESS', { payload: { retryScheduled: true, failedAttempt: run.attempt, delayMs } });
    });
  }

  /**
   * Gives an executing attempt back to the queue without counting it as a failed attempt, because
   * its worker is shutting down. The attempt is released (a new attempt id fences it), what it left
   * half done is cleaned up by the type's release hooks (a capture's building snapshot ends
   * incomplete), and the new attempt is queued at once for any worker, this one after a restart
   * included. The hand-back is recorded in an event, an audit record and `context.handedBackAttempts`.
   */
  async handBack(runId: string, attemptId: string, cause: string): Promise<TransitionResult> {
    return this.releaseAttempt(runId, attemptId, 0, async (em, run, emit) => {
      run.context = { ...run.context, handedBackAttempts: handedBackAttempts(run) + 1 };
      emit(run, 'PROGRESS', { payload: { attemptHandedBack: run.attempt, cause } });
      new AuditService(em).record({
        workspaceId: run.workspace,
        tenantId: run.tenant ?? null,
        actorId: null,
        action: 'operation_run.attempt_handed_back',
        subjectType: 'operation_run',
        subjectId: run.id,
        metadata: { attempt: run.attempt, cause },
      });
    });
  }

  /** Releases the executing attempt, records why (`record`), and queues a new attempt after `delayMs`. */
  private async releaseAttempt(
    runId: string,
    attemptId: string,
    delayMs: number,
    record: (em: EntityManager, run: OperationRun, emit: Emit) => Promise<void>,
  ): Promise<TransitionResult> {
    const result = await this.transaction(async (em, emit): Promise<TransitionResult> => {
      const run = await this.lock(em, runId);
      const refusal = attemptRefusal(run, attemptId);
      if (refusal) return { applied: false, reason: refusal, run };
      await record(em, run!, emit);
      for (const hook of this.releaseHooks.get(run!.type) ?? []) await hook(em, run!, emit);
      const next = newId();
      run!.currentAttemptId = next;
      run!.queueJobId = next;
      run!.attemptStartedAt = null;
      run!.lastHeartbeatAt = this.now();
      return { applied: true, run: run! };
    });
    if (result.applied) await this.enqueue(result.run, delayMs);
    return result;
  }

  /**
   * Forces terminal failure with reconciliation evidence. Row-locked and idempotent: a completed
   * run (whether it completed normally a moment ago or was reconciled before) is returned unchanged.
   * `stillApplies` re-checks the caller's verdict under the lock (e.g. a heartbeat that just arrived).
   */
  async forceFailNonTerminal(
    runId: string,
    input: ForceFailInput,
    options: { attemptId?: string; stillApplies?: (run: OperationRun, now: Date) => boolean } = {},
  ): Promise<TransitionResult> {
    const result = await this.transaction(async (em, emit): Promise<TransitionResult> => {
      const run = await this.lock(em, runId);
      if (!run) return { applied: false, reason: 'missing', run: null };
      if (run.status === 'completed') return { applied: false, reason: 'completed', run };
      if (options.attemptId && run.currentAttemptId !== options.attemptId) return { applied: false, reason: 'fenced', run };
      if (options.stillApplies && !options.stillApplies(run, this.now())) return { applied: false, reason: 'changed', run };
      const now = this.now();
      const record: ReconciliationRecord = {
        reconciledAt: now.toISOString(),
        reasonCode: input.reasonCode,
        message: input.message,
        source: input.source,
        evidence: input.evidence,
      };
      run.status = 'completed';
      run.outcome = 'failed';
      run.completedAt = now;
      run.reasonCode = input.reasonCode;
      run.reconciledAt = now;
      run.reconciliation = record;
      run.failureSummary = [...run.failureSummary, { code: input.reasonCode, message: input.message }];
      emit(run, 'RECONCILED', { payload: { status: 'completed', outcome: 'failed', reasonCode: input.reasonCode, source: input.source } });
      await this.finishTerminal(em, run, emit, input.actorId ?? null);
      return { applied: true, run };
    });
    if (result.applied) {
      this.deps.metrics.recordTransition(result.run.type, 'completed');
      this.deps.metrics.recordReconciliation(result.run.type, input.source, input.reasonCode);
    }
    return result;
  }

  /**
   * Direct failure bridge from the queue: timeouts and abandonment vs. other queue failures.
   * `onlyWhileWaiting` leaves the run alone once its attempt has begun executing.
   */
  async bridgeFailedJob(
    runId: string,
    attemptId: string | null,
    kind: BridgeKind,
    error: unknown,
    options: { onlyWhileWaiting?: boolean } = {},
  ): Promise<TransitionResult> {
    const reasonCode = kind === 'queue_error' ? 'run.queue_failure_bridge' : 'run.infrastructure_timeout_or_abandonment';
    const message =
      kind === 'timeout'
        ? 'The attempt exceeded its job timeout and was stopped.'
        : kind === 'abandoned'
          ? 'The worker running the attempt stopped before the run could finish.'
          : 'The queue could not accept or run the job.';
    return this.forceFailNonTerminal(
      runId,
      { reasonCode, message, source: 'failure_bridge', evidence: { kind, attemptId, errorClass: errorClass(error), error: summarizeError(error) } },
      { attemptId: attemptId ?? undefined, stillApplies: options.onlyWhileWaiting ? waitsForAttempt : undefined },
    );
  }

  /**
   * Emits LIKELY_STALE once per run, when the clock (not a write by the job) has carried an active
   * run past its freshness threshold. Re-checked under the row lock, so a heartbeat that just
   * arrived wins.
   */
  async signalLikelyStale(runId: string): Promise<TransitionResult> {
    return this.transaction(async (em, emit) => {
      const run = await this.lock(em, runId);
      if (!run) return { applied: false, reason: 'missing', run: null };
      if (run.status === 'completed') return { applied: false, reason: 'completed', run };
      const freshness = assessFreshness(run, policyFor(this.deps.lifecycle, run.type), this.now());
      if (freshness.state !== 'likely_stale' || run.likelyStaleSignaledAt) return { applied: false, reason: 'not_running', run };
      run.likelyStaleSignaledAt = this.now();
      emit(run, 'LIKELY_STALE', {
        payload: { status: run.status, staleAt: freshness.staleAt?.toISOString(), thresholdSeconds: freshness.thresholdSeconds },
      });
      return { applied: true, run };
    });
  }

  /**
   * A normal end of the executing attempt. Runs of types without terminal hooks end in one statement
   * that also writes the events, audit record and notification. When it matched nothing (a type
   * with hooks, or an attempt that no longer owns its run), the row-locked transaction runs the
   * hooks or reports the refusal.
   */
  private async terminal(runId: string, attemptId: string, change: TerminalChange): Promise<TransitionResult> {
    const wording = terminalNoticeWording(this.deps.reasons, change.outcome, change.reasonCode, false);
    const run = await this.apply(this.completions.submit({ runId, attemptId, change, wording, auditId: newId(), notificationId: newId(), at: this.now() }));
    if (run) {
      this.deps.metrics.recordTransition(run.type, 'completed');
      return { applied: true, run };
    }
    return this.lockedTerminal(runId, attemptId, (locked) => applyTerminalChange(locked, change));
  }

  private async lockedTerminal(runId: string, attemptId: string, apply: (run: OperationRun) => void): Promise<TransitionResult> {
    const result = await this.transaction(async (em, emit): Promise<TransitionResult> => {
      const run = await this.lock(em, runId);
      const refusal = attemptRefusal(run, attemptId);
      if (refusal) return { applied: false, reason: refusal, run };
      apply(run!);
      run!.status = 'completed';
      run!.completedAt = this.now();
      emit(run!, 'COMPLETED', { payload: { status: 'completed', outcome: run!.outcome, reasonCode: run!.reasonCode } });
      await this.finishTerminal(em, run!, emit);
      return { applied: true, run: run! };
    });
    if (result.applied) this.deps.metrics.recordTransition(result.run.type, 'completed');
    return result;
  }

  /** The refusal of an attempt-scoped write that matched no row, read from the run as it is now. */
  private async refused(runId: string, attemptId: string): Promise<TransitionResult> {
    const current = await this.read(runId);
    return { applied: false, reason: attemptRefusal(current, attemptId) ?? 'changed', run: current };
  }

  private read(runId: string): Promise<OperationRun | null> {
    return this.deps.orm.em.fork().findOne(OperationRunSchema, { id: runId });
  }

  /** Waits for a self-contained transition statement, dispatches the events it wrote and returns the run it changed (null: nothing matched). */
  private async apply(transition: Promise<AppliedTransition | null>): Promise<OperationRun | null> {
    const applied = await transition;
    if (!applied) return null;
    this.dispatch(applied.run, applied.events);
    return applied.run;
  }

  /**
   * Sends transitions of one kind in batches; each item gets the run the statement returned for it,
   * or null. A run that comes twice in one batch (a job delivered twice at once) was changed at most
   * once, and only its first item gets the row.
   */
  private batcher<Item>(
    kind: BatchedTransition,
    statement: (items: readonly Item[]) => RunStatement,
    runIdOf: (item: Item) => string,
  ): WriteBatcher<Item, AppliedTransition | null> {
    return new WriteBatcher({
      maxInFlight: TRANSITION_BATCHES_IN_FLIGHT,
      maxBatch: TRANSITION_BATCH_MAX,
      execute: async (items) => {
        const applied = new Map((await this.execute(statement(items))).map((transition) => [transition.run.id, transition]));
        this.deps.metrics.recordTransitionStatement(kind, items.length);
        return items.map((item) => {
          const runId = runIdOf(item);
          const transition = applied.get(runId) ?? null;
          applied.delete(runId);
          return transition;
        });
      },
    });
  }

  private async execute(statement: RunStatement): Promise<AppliedTransition[]> {
    const rows = await runPrepared<TransitionRow>(this.deps.orm.em.getConnection().getKnex(), statement);
    const platform = this.deps.orm.em.getPlatform();
    return rows.map((row) => ({ run: runFromRow(row, (value) => platform.parseDate(value)), events: row.outbox_events }));
  }

  /** The events' wake-ups go out after the commit; the transition does not wait for Redis to answer. */
  private dispatch(run: OperationRun, events: readonly WrittenEvent[]): void {
    this.deps.outbox.dispatch(events.map((event) => ({ ...event, run: run.id, workspace: run.workspace, tenant: run.tenant })));
  }

  private async finishTerminal(em: EntityManager, run: OperationRun, emit: Emit, actorId: string | null = null): Promise<void> {
    for (const hook of this.terminalHooks.get(run.type) ?? []) await hook(em, run, emit);
    await recordTerminalEffects(this.deps.reasons, em, run, emit, actorId);
  }

  private lock(em: EntityManager, runId: string): Promise<OperationRun | null> {
    return em.findOne(OperationRunSchema, { id: runId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  private transaction<T>(work: (em: EntityManager, emit: Emit) => Promise<T>): Promise<T> {
    return inOutboxTransaction(this.deps.orm, this.deps.outbox, work);
  }
}

/** An outbox row a transition statement wrote, as it returns it. */
interface WrittenEvent {
  id: string;
  kind: OperationRunEventKind;
  recipient: string | null;
  payload: Record<string, unknown>;
}

interface TransitionRow extends OperationRunRow {
  outbox_events: WrittenEvent[];
}

/** A run a transition statement changed, with the outbox rows it wrote for it. */
interface AppliedTransition {
  run: OperationRun;
  events: WrittenEvent[];
}

function applyTerminalChange(run: OperationRun, change: TerminalChange): void {
  run.outcome = change.outcome;
  run.reasonCode = change.reasonCode;
  if (change.summaryCounts) run.summaryCounts = { ...run.summaryCounts, ...change.summaryCounts };
  if (change.failures?.length) run.failureSummary = [...run.failureSummary, ...change.failures];
  if (change.context) run.context = { ...run.context, ...change.context };
}

/** Whether a run waits for its current attempt to be picked up from the queue (first attempt or a retry). */
export function waitsForAttempt(run: OperationRun): boolean {
  return run.status === 'queued' || (run.status === 'running' && !run.attemptStartedAt);
}

/** Attempts given back by workers that shut down; they do not count against the type's retries. */
export function handedBackAttempts(run: OperationRun): number {
  return Number(run.context.handedBackAttempts ?? 0);
}

export { InvalidCounts };
