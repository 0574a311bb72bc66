import type { Actor } from '../../modules/workspaces/auth/actor.js';
import { authorize } from '../../modules/workspaces/auth/authorize.js';
import type { Capability } from '../../modules/workspaces/auth/capabilities.js';
import type { RequestContext } from './request-context.js';
import { requireActor } from '../../modules/workspaces/auth/request-actor.js';
import type { BaselineProfile } from '../../modules/baselines/entities/baseline-profile.js';
import type { BaselineSnapshot } from '../../modules/baselines/entities/baseline-snapshot.js';
import type { OperationRun } from '../../modules/operation-runs/entities/operation-run.js';
import type { Tenant } from '../../modules/tenants/entities/tenant.js';
import type { Workspace } from '../../modules/workspaces/entities/workspace.js';
import { isUuid } from '../ids.js';
import { badInput, invalidId, notFound } from '../errors.js';

/** Validates an ID argument before it reaches the database. */
export function parseId(value: string, argument: string): string {
  if (!isUuid(value)) throw invalidId(argument);
  return value.toLowerCase();
}

export function parseIds(values: readonly string[], argument: string, max = 100): string[] {
  if (values.length > max) {
    throw badInput(`${argument} may list at most ${max} IDs; got ${values.length}.`, [{ field: argument, message: `at most ${max} IDs` }]);
  }
  return values.map((value) => parseId(value, argument));
}

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

export async function authorizedTenant(context: RequestContext, id: string, capability: Capability, argument = 'id'): Promise<Tenant> {
  const actor = requireActor(context);
  const tenant = await context.loaders.tenant.load(parseId(id, argument));
  if (!tenant) throw notFound('Tenant');
  authorize(actor, { workspaceId: tenant.workspace, tenantId: tenant.id }, capability, 'Tenant');
  return tenant;
}

export async function authorizedProfile(context: RequestContext, id: string, capability: Capability, argument = 'id'): Promise<BaselineProfile> {
  const actor = requireActor(context);
  const profile = await context.loaders.profile.load(parseId(id, argument));
  if (!profile) throw notFound('Baseline profile');
  authorize(actor, { workspaceId: profile.workspace }, capability, 'Baseline profile');
  return profile;
}

export async function authorizedSnapshot(context: RequestContext, id: string, capability: Capability, argument = 'id'): Promise<BaselineSnapshot> {
  const actor = requireActor(context);
  const snapshot = await context.loaders.snapshot.load(parseId(id, argument));
  if (!snapshot) throw notFound('Baseline snapshot');
  authorize(actor, { workspaceId: snapshot.workspace }, capability, 'Baseline snapshot');
  return snapshot;
}

export async function authorizedRun(context: RequestContext, id: string, capability: Capability, argument = 'id'): Promise<OperationRun> {
  const actor = requireActor(context);
  const run = await context.loaders.run.load(parseId(id, argument));
  if (!run) throw notFound('Operation run');
  authorize(actor, { workspaceId: run.workspace, tenantId: run.tenant }, capability, 'Operation run');
  return run;
}

export function actorId(context: RequestContext): string {
  return requireActor(context).user.id;
}

export type { Actor };
