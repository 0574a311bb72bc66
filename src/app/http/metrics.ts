import type { Request, Response } from 'express';
import { logger } from '../../platform/logger.js';
import type { Runtime } from '../../platform/runtime.js';
import { freshnessFilter } from '../../modules/operation-runs/services/freshness-filter.js';
import { OperationRunSchema } from '../../modules/operation-runs/entities/operation-run.js';

/**
 * `GET /metrics` in Prometheus text format: this process's transition and reconciliation counters,
 * plus gauges read from the database at scrape time (active runs and likely-stale runs by type).
 */
export function metricsHandler(runtime: Runtime) {
  return async (_request: Request, response: Response) => {
    const lines = [runtime.metrics.render().trimEnd()];
    try {
      const em = runtime.orm.em.fork();
      const active = await em.execute<{ type: string; status: string; count: number }[]>(
        `select type, status, count(*)::int as count from operation_runs where status <> 'completed' group by type, status`,
      );
      lines.push('# HELP tenantgraph_runs_active Runs currently queued or running.', '# TYPE tenantgraph_runs_active gauge');
      for (const row of active) lines.push(`tenantgraph_runs_active{type="${row.type}",status="${row.status}"} ${row.count}`);
      const now = new Date();
      const stale = freshnessFilter('likely_stale', runtime.config.lifecycle, now);
      lines.push('# HELP tenantgraph_runs_likely_stale Active runs past their freshness threshold.', '# TYPE tenantgraph_runs_likely_stale gauge');
      for (const policy of runtime.config.lifecycle.policies) {
        const count = await em.count(OperationRunSchema, { $and: [stale, { type: policy.type }] });
        lines.push(`tenantgraph_runs_likely_stale{type="${policy.type}"} ${count}`);
      }
    } catch (error) {
      logger.warn('metrics scrape could not read run gauges', { error });
    }
    response.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  };
}
