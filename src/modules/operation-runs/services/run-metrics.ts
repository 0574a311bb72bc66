/** The transitions that are group-committed (one statement per batch). */
export type BatchedTransition = 'launch' | 'start' | 'complete';

/** Process-local Prometheus counters for run transitions, their statements and reconciliations. */
export class RunMetrics {
  private readonly transitions = new Map<string, number>();
  private readonly reconciliations = new Map<string, number>();
  private readonly batchStatements = new Map<BatchedTransition, number>();
  private readonly batchedRuns = new Map<BatchedTransition, number>();

  recordTransition(type: string, to: string): void {
    const key = `type="${escape(type)}",to="${escape(to)}"`;
    this.transitions.set(key, (this.transitions.get(key) ?? 0) + 1);
  }

  recordReconciliation(type: string, source: string, reasonCode: string): void {
    const key = `type="${escape(type)}",source="${escape(source)}",reason="${escape(reasonCode)}"`;
    this.reconciliations.set(key, (this.reconciliations.get(key) ?? 0) + 1);
  }

  /** One statement that carried `runs` transitions of one kind; runs ÷ statements is the mean batch size. */
  recordTransitionStatement(kind: BatchedTransition, runs: number): void {
    this.batchStatements.set(kind, (this.batchStatements.get(kind) ?? 0) + 1);
    this.batchedRuns.set(kind, (this.batchedRuns.get(kind) ?? 0) + runs);
  }

  /** The statements of one kind sent so far and the runs they carried. */
  transitionStatements(kind: BatchedTransition): { statements: number; runs: number } {
    return { statements: this.batchStatements.get(kind) ?? 0, runs: this.batchedRuns.get(kind) ?? 0 };
  }

  render(): string {
    const lines = [
      '# HELP tenantgraph_run_transitions_total Operation run transitions performed by this process.',
      '# TYPE tenantgraph_run_transitions_total counter',
      ...[...this.transitions].map(([labels, value]) => `tenantgraph_run_transitions_total{${labels}} ${value}`),
      '# HELP tenantgraph_run_reconciliations_total Runs force-resolved to terminal failure by this process.',
      '# TYPE tenantgraph_run_reconciliations_total counter',
      ...[...this.reconciliations].map(([labels, value]) => `tenantgraph_run_reconciliations_total{${labels}} ${value}`),
      '# HELP tenantgraph_run_transition_statements_total Group-committed transition statements sent by this process (one per batch).',
      '# TYPE tenantgraph_run_transition_statements_total counter',
      ...[...this.batchStatements].map(([kind, value]) => `tenantgraph_run_transition_statements_total{kind="${kind}"} ${value}`),
      '# HELP tenantgraph_run_transition_batched_runs_total Runs those statements carried; divided by the statements, the mean batch size.',
      '# TYPE tenantgraph_run_transition_batched_runs_total counter',
      ...[...this.batchedRuns].map(([kind, value]) => `tenantgraph_run_transition_batched_runs_total{kind="${kind}"} ${value}`),
    ];
    return `${lines.join('\n')}\n`;
  }
}

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
