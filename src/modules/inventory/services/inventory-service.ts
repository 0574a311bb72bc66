import type { EntityManager } from '@mikro-orm/postgresql';
import type { Tenant } from '../../tenants/entities/tenant.js';
import { canonicalJson, sha256 } from '../../../platform/canonical-json.js';
import { newId, isUuid } from '../../../platform/ids.js';
import { checkInventoryItems, type InventoryItemCandidate } from '../../../platform/input-rules.js';
import { badInput } from '../../../platform/errors.js';
import { AuditService } from '../../workspaces/services/audit-service.js';

export interface InventoryReport {
  syncToken?: string | null;
  complete: boolean;
  items: readonly InventoryItemCandidate[];
}

export interface InventoryReportResult {
  syncToken: string;
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
}

/**
 * One statement upserts a whole set of subjects, read by `input` (a query with exactly one
 * parameter that yields policy_type, external_id, display_name, content_hash and payload); the
 * remaining parameters are the workspace, the tenant and the sync token. The counts come from
 * the upsert's own RETURNING, in one pass and without joining the input back to itself (such a
 * join ran as a nested loop, quadratic in the batch size): `xmax = 0` marks a fresh insert, and
 * an updated row's `updated_at` equals this transaction's `now()` exactly when its content,
 * name or removal changed.
 */
export const upsertInventorySql = (input: string) => `
with input as (${input}),
upserted as (
  insert into inventory_items (workspace_id, tenant_id, policy_type, external_id, display_name, content_hash, payload,
                               last_seen_at, last_sync_token, removed_at, created_at, updated_at)
  select ?, ?, policy_type, external_id, display_name, content_hash, payload, now(), ?::uuid, null, now(), now() from input
  on conflict (tenant_id, policy_type, external_id) do update set
    display_name = excluded.display_name,
    content_hash = excluded.content_hash,
    payload = excluded.payload,
    last_seen_at = excluded.last_seen_at,
    last_sync_token = excluded.last_sync_token,
    removed_at = null,
    updated_at = case
      when inventory_items.content_hash <> excluded.content_hash
        or inventory_items.display_name <> excluded.display_name
        or inventory_items.removed_at is not null then now()
      else inventory_items.updated_at end
  returning (xmax = 0) as inserted, (updated_at = now()) as changed
)
select
  count(*) filter (where inserted)::int as inserted,
  count(*) filter (where not inserted and changed)::int as updated,
  count(*) filter (where not inserted and not changed)::int as unchanged
from upserted`;

/** A report's items, sent as a single JSON array parameter and expanded with json_to_recordset. */
const UPSERT_SQL = upsertInventorySql(`
  select * from json_to_recordset(?::json)
    as t(policy_type text, external_id text, display_name text, content_hash text, payload jsonb)`);

const REMOVE_UNSEEN_SQL = `
update inventory_items set removed_at = now(), updated_at = now()
where tenant_id = ? and removed_at is null and last_sync_token is distinct from ?::uuid`;

export class InventoryService {
  constructor(
    private readonly em: EntityManager,
    private readonly maxItemsPerCall: number,
  ) {}

  async report(actorId: string, tenant: Tenant, report: InventoryReport): Promise<InventoryReportResult> {
    if (tenant.status === 'archived') {
      throw badInput('This tenant is archived and accepts no inventory.', [{ field: 'tenantId', message: 'tenant is archived' }]);
    }
    if (report.syncToken !== null && report.syncToken !== undefined && !isUuid(report.syncToken)) {
      throw badInput('syncToken must be a token returned by an earlier reportInventory call.', [{ field: 'syncToken', message: 'invalid token' }]);
    }
    const problems = checkInventoryItems(report.items, this.maxItemsPerCall);
    if (problems.length > 0) {
      throw badInput(`The report was rejected: ${problems.length} problem(s) in items; nothing was stored.`, problems);
    }
    const syncToken = report.syncToken ?? newId();
    const rows = report.items.map((item) => {
      const json = canonicalJson(item.payload);
      return {
        policy_type: item.policyType,
        external_id: item.externalId,
        display_name: item.displayName.trim(),
        content_hash: sha256(json),
        payload: item.payload,
      };
    });
    return this.em.transactional(async (em) => {
      let counts = { inserted: 0, updated: 0, unchanged: 0 };
      if (report.items.length > 0) {
        const result = await em.execute<{ inserted: number; updated: number; unchanged: number }[]>(UPSERT_SQL, [
          JSON.stringify(rows),
          tenant.workspace,
          tenant.id,
          syncToken,
        ]);
        counts = result[0]!;
      }
      let removed = 0;
      if (report.complete) {
        const result = await em.execute(REMOVE_UNSEEN_SQL, [tenant.id, syncToken], 'run');
        removed = (result as { affectedRows?: number }).affectedRows ?? 0;
      }
      new AuditService(em).record({
        workspaceId: tenant.workspace,
        tenantId: tenant.id,
        actorId,
        action: 'inventory.reported',
        subjectType: 'tenant',
        subjectId: tenant.id,
        metadata: { syncToken, received: report.items.length, complete: report.complete, ...counts, removed },
      });
      return { syncToken, received: report.items.length, ...counts, removed };
    });
  }
}
