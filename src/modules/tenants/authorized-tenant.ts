import { notFound } from '../../platform/errors.js';
import { parseId } from '../../platform/graphql/id-arguments.js';
import type { RequestContext } from '../../platform/graphql/request-context.js';
import { authorize } from '../workspaces/auth/authorize.js';
import type { Capability } from '../workspaces/auth/capabilities.js';
import { requireActor } from '../workspaces/auth/request-actor.js';
import type { Tenant } from './entities/tenant.js';

export async function authorizedTenant(context: RequestContext, id: string, capability: Capability, argument = 'id'): Promise<Tenant> {
  const actor = requireActor(context);
  const tenant = await context.loaders.tenant.load(parseId(id, argument));
  if (!tenant) throw notFound('Tenant');
  authorize(actor, { workspaceId: tenant.workspace, tenantId: tenant.id }, capability, 'Tenant');
  return tenant;
}
