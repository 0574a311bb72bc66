import { notFound } from '../../platform/errors.js';
import { parseId } from '../../platform/graphql/id-arguments.js';
import type { RequestContext } from '../../platform/graphql/request-context.js';
import { authorize } from '../workspaces/auth/authorize.js';
import type { Capability } from '../workspaces/auth/capabilities.js';
import { requireActor } from '../workspaces/auth/request-actor.js';
import type { BaselineProfile } from './entities/baseline-profile.js';
import type { BaselineSnapshot } from './entities/baseline-snapshot.js';

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
