import { notFound } from '../../../platform/errors.js';
import { parseId } from '../../../platform/graphql/id-arguments.js';
import type { RequestContext } from '../../../platform/graphql/request-context.js';
import type { Workspace } from '../entities/workspace.js';
import type { Actor } from './actor.js';
import { authorize } from './authorize.js';
import type { Capability } from './capabilities.js';
import { requireActor } from './request-actor.js';

/*
 * Each `authorized*` loader resolves an object by id and applies the 404/403 rules for the
 * given capability: missing rows and rows outside the caller's scope are both NOT_FOUND.
 */
export async function authorizedWorkspace(context: RequestContext, id: string, capability: Capability, argument = 'id'): Promise<Workspace> {
  const actor = requireActor(context);
  const workspaceId = parseId(id, argument);
  if (!actor.roles.has(workspaceId)) throw notFound('Workspace');
  const workspace = await context.loaders.workspace.load(workspaceId);
  if (!workspace) throw notFound('Workspace');
  authorize(actor, { workspaceId }, capability, 'Workspace');
  return workspace;
}

/**
 * The same rules for a workspace judged from the caller's entitlements alone (a membership exists
 * only in an existing workspace): the workspace's id, without reading its row. For subscriptions,
 * which need the id, not the workspace.
 */
export function authorizedWorkspaceId(actor: Actor, id: string, capability: Capability, argument = 'id'): string {
  const workspaceId = parseId(id, argument);
  if (!actor.roles.has(workspaceId)) throw notFound('Workspace');
  authorize(actor, { workspaceId }, capability, 'Workspace');
  return workspaceId;
}
