import { forbidden, notFound } from '../../../platform/errors.js';
import type { Actor } from './actor.js';
import { roleCoversAllTenants, roleHasCapability, type Capability, type WorkspaceRole } from './capabilities.js';

/** The ownership of an object: its workspace, and its tenant when it is tenant-owned. */
export interface Scope {
  workspaceId: string;
  tenantId?: string | null;
}

export function roleIn(actor: Actor, workspaceId: string): WorkspaceRole | null {
  return actor.roles.get(workspaceId) ?? null;
}

/** Whether the actor may see the scope at all (membership and, for tenant-owned objects, tenant entitlement). */
export function isEntitled(actor: Actor, scope: Scope): boolean {
  const role = roleIn(actor, scope.workspaceId);
  if (!role) return false;
  if (!scope.tenantId || roleCoversAllTenants(role)) return true;
  return actor.tenantGrants.get(scope.workspaceId)?.has(scope.tenantId) ?? false;
}

export function can(actor: Actor, scope: Scope, capability: Capability): boolean {
  const role = roleIn(actor, scope.workspaceId);
  return role !== null && isEntitled(actor, scope) && roleHasCapability(role, capability);
}

/**
 * The single authorization gate. Outside the scope the object does not exist for the actor
 * (NOT_FOUND, same message as a missing row); inside it without the capability: FORBIDDEN.
 */
export function authorize(actor: Actor, scope: Scope, capability: Capability, what: string): void {
  if (!isEntitled(actor, scope)) throw notFound(what);
  const role = roleIn(actor, scope.workspaceId)!;
  if (!roleHasCapability(role, capability)) throw forbidden(capability);
}

/**
 * Tenant ids of a workspace the actor may see, or `'all'` when their role covers every tenant.
 * Used to filter lists so they only ever contain entitled rows.
 */
export function visibleTenants(actor: Actor, workspaceId: string): 'all' | ReadonlySet<string> {
  const role = roleIn(actor, workspaceId);
  if (!role) return new Set();
  if (roleCoversAllTenants(role)) return 'all';
  return actor.tenantGrants.get(workspaceId) ?? new Set();
}
