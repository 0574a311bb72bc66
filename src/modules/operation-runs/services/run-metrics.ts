/** Process-local Prometheus counters for run transitions and reconciliations. */
export class RunMetrics {
  private readonly transitions = new Map<string, number>();
  private readonly reconciliations = new Map<string, number>();

  recordTransition(type: string, to: string): void {
    const key = `type="${escape(type)}",to="${escape(to)}"`;
    this.transitions.set(key, (this.transitions.get(key) ?? 0) + 1);
  }

  recordReconciliation(type: string, source: string, reasonCode: string): void {
    const key = `type="${escape(type)}",source="${escape(source)}",reason="${escape(reasonCode)}"`;
    this.reconciliations.set(key, (this.reconciliations.get(key) ?? 0) + 1);
  }

  render(): string {
    const lines = [
      '# HELP tenantgraph_run_transitions_total Operation run transitions performed by this process.',
      '# TYPE tenantgraph_run_transitions_total counter',
      ...[...this.transitions].map(([labels, value]) => `tenantgraph_run_transitions_total{${labels}} ${value}`),
      '# HELP tenantgraph_run_reconciliations_total Runs force-resolved to terminal failure by this process.',
      '# TYPE tenantgraph_run_reconciliations_total counter',
      ...[...this.reconciliations].map(([labels, value]) => `tenantgraph_run_reconciliations_total{${labels}} ${value}`),
    ];
    return `${lines.join('\n')}\n`;
  }
}

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
