import type { Actor } from '../../workspaces/auth/actor.js';
import { isEntitled, roleIn } from '../../workspaces/auth/authorize.js';
import { roleCoversAllTenants } from '../../workspaces/auth/capabilities.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import type { RequestContext } from '../../../platform/graphql/request-context.js';
import type { BaselineSnapshot } from '../entities/baseline-snapshot.js';
import { recordedSourceTenantId } from '../domain/snapshot-source.js';

/**
 * Who may see what a baseline snapshot captured. The snapshot is workspace-owned: every member
 * with `baselines.view` sees it, its lifecycle, truth, counts and subjects (the baseline's
 * definition, which compare findings show for every compared tenant). Its payloads, its source
 * tenant and its capture run are the source tenant's data: only members entitled to that tenant
 * see them, and when the source is unknown (an imported snapshot), only members who see every tenant.
 */
export function maySeeSnapshotSource(actor: Actor, workspaceId: string, sourceTenantId: string | null): boolean {
  const role = roleIn(actor, workspaceId);
  if (!role) return false;
  if (roleCoversAllTenants(role)) return true;
  return sourceTenantId !== null && isEntitled(actor, { workspaceId, tenantId: sourceTenantId });
}

/**
 * The snapshot's source tenant (as its capture recorded it, else the tenant of its capture run) and
 * whether the caller may see what it captured (`maySeeSnapshotSource`). Every field that carries
 * source data asks this, so queries, `_entities` and subscription events follow the same rule.
 */
export async function snapshotSource(snapshot: BaselineSnapshot, context: RequestContext): Promise<{ tenantId: string | null; visible: boolean }> {
  let tenantId = recordedSourceTenantId(snapshot.summary);
  if (!tenantId && snapshot.producerRun) tenantId = (await context.loaders.run.load(snapshot.producerRun))?.tenant ?? null;
  return { tenantId, visible: maySeeSnapshotSource(requireActor(context), snapshot.workspace, tenantId) };
}
