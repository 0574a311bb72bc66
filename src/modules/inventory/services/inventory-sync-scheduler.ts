import type { Orm } from '../../../platform/db/orm.js';
import { TenantSchema } from '../../tenants/entities/tenant.js';
import { InventorySyncStartService } from './inventory-sync-start-service.js';
import type { OperationRunService } from '../../operation-runs/services/operation-run-service.js';

/**
 * Tenants whose next scheduled sync is due: active, with credentials and an interval, and no
 * sync run that is still active or was created within the last interval (whatever its outcome,
 * so a failing source is retried once per interval rather than on every pass). The rule
 * `nextScheduledSyncAt` states for display.
 */
const DUE_SQL = `
select t.id from tenants t
  join tenant_connector_credentials c on c.tenant_id = t.id
 where t.status = 'active' and t.inventory_sync_interval_seconds is not null
   and not exists (select 1 from operation_runs r
                    where r.tenant_id = t.id and r.type = 'inventory_sync'
                      and (r.status <> 'completed' or r.created_at > now() - make_interval(secs => t.inventory_sync_interval_seconds)))
 order by t.id
 limit ?`;

export interface SchedulePass {
  due: number;
  launched: string[];
}

/**
 * The worker's scheduled pass that starts the inventory syncs of due tenants, as system runs
 * (no initiator). It runs under a Redis lock in the worker; even without it, a run's identity
 * allows one active sync per tenant, so two passes never start two syncs of one tenant.
 */
export class InventorySyncScheduler {
  constructor(
    private readonly orm: Orm,
    private readonly runs: OperationRunService,
  ) {}

  async launchDue(limit: number): Promise<SchedulePass> {
    const em = this.orm.em.fork();
    const due = await em.execute<{ id: string }[]>(DUE_SQL, [limit]);
    const tenants = due.length > 0 ? await em.find(TenantSchema, { id: { $in: due.map((row) => row.id) } }) : [];
    const start = new InventorySyncStartService(em, this.runs);
    const launched: string[] = [];
    for (const tenant of tenants) {
      const result = await start.start(null, tenant, 'schedule');
      if (result.kind === 'started' && result.created) launched.push(result.run.id);
    }
    return { due: due.length, launched };
  }
}
