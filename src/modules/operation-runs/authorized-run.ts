import { notFound } from '../../platform/errors.js';
import { parseId } from '../../platform/graphql/id-arguments.js';
import type { RequestContext } from '../../platform/graphql/request-context.js';
import { authorize } from '../workspaces/auth/authorize.js';
import type { Capability } from '../workspaces/auth/capabilities.js';
import { requireActor } from '../workspaces/auth/request-actor.js';
import type { OperationRun } from './entities/operation-run.js';

export async function authorizedRun(context: RequestContext, id: string, capability: Capability, argument = 'id'): Promise<OperationRun> {
  const actor = requireActor(context);
  const run = await context.loaders.run.load(parseId(id, argument));
  if (!run) throw notFound('Operation run');
  authorize(actor, { workspaceId: run.workspace, tenantId: run.tenant }, capability, 'Operation run');
  return run;
}
