import { renderTable } from '../../platform/cli-table.js';
import { isUuid } from '../../platform/ids.js';
import { TenantSchema } from '../../modules/tenants/entities/tenant.js';
import type { Runtime } from '../../platform/runtime.js';

export interface ReconcileCommandOptions {
  types: string[];
  tenants: string[];
  workspaces: string[];
  limit: number | null;
  dryRun: boolean;
}

/** `operation-runs:reconcile`: heals stale covered runs now and prints what it did. */
export async function reconcileRuns(
  runtime: Runtime,
  options: ReconcileCommandOptions,
  write: (text: string) => void,
  writeError: (text: string) => void,
): Promise<number> {
  const badWorkspace = options.workspaces.find((id) => !isUuid(id));
  if (badWorkspace) {
    writeError(`--workspace expects a workspace id (UUID); got "${badWorkspace}".\n`);
    return 2;
  }
  // --tenant accepts a tenant id or a tenant's external id.
  const tenantIds: string[] = [];
  for (const value of options.tenants) {
    const tenants = await runtime.orm.em.fork().find(TenantSchema, isUuid(value) ? { id: value } : { externalTenantId: value });
    if (tenants.length === 0) {
      writeError(`No tenant with id or external id "${value}".\n`);
      return 2;
    }
    tenantIds.push(...tenants.map((tenant) => tenant.id));
  }
  const report = await runtime.reconciler.reconcile({
    types: options.types,
    tenantIds,
    workspaceIds: options.workspaces,
    limit: options.limit ?? undefined,
    dryRun: options.dryRun,
    trigger: 'cli',
  });
  if (report.changes.length > 0) {
    write(
      `${renderTable(
        ['run', 'type', 'before', 'reason', 'applied'],
        report.changes.map((change) => [
          change.runId,
          change.type,
          `${change.before.status}/${change.before.freshness}`,
          change.reasonCode,
          change.applied ? 'yes' : 'no',
        ]),
      )}\n`,
    );
  }
  write(`Inspected ${report.inspected} run(s); reconciled ${report.reconciled}; skipped ${report.skipped}.\n`);
  if (options.dryRun) write(`Dry run: nothing was changed; ${report.changes.length} run(s) would be reconciled.\n`);
  return 0;
}
