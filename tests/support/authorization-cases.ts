import type { AuthorizationWorld } from './authorization-world.js';

/** Everyone the matrix asks: one member of A per role, the owner of B, and a user of no workspace. */
export const ACTORS = ['ownerA', 'managerA', 'operatorA', 'readonlyA', 'ownerB', 'outsider'] as const;
export type ActorName = (typeof ACTORS)[number];

export type Outcome = 'data' | 'FORBIDDEN' | 'NOT_FOUND';

/**
 * Where the target of an operation lives, seen from A's operator and readonly member, who are
 * granted tenant A1 only: workspace-owned, owned by their tenant A1, or owned by the sibling A2.
 */
export type Reach = 'workspace' | 'grantedTenant' | 'siblingTenant';

export const MEMBERS_OF_A: readonly ActorName[] = ['ownerA', 'managerA', 'operatorA', 'readonlyA'];
/** members.manage */
export const OWNERS: readonly ActorName[] = ['ownerA'];
/** tenants.manage, baselines.manage */
export const MANAGERS: readonly ActorName[] = ['ownerA', 'managerA'];
/** tenant.inventory.report */
export const REPORTERS: readonly ActorName[] = ['ownerA', 'managerA', 'operatorA'];

/** One operation against one target object of workspace A. */
export interface AuthorizationCase {
  name: string;
  document: string;
  /** Where the operation's answer sits in `data` (and in the error's `path` when refused). */
  path: (string | number)[];
  reach: Reach;
  /** Actors of A whose role grants the capability the operation needs. */
  allowed: readonly ActorName[];
  /** The id whose visibility is under test; replaced by an unknown id to compare NOT_FOUND messages. */
  target: (world: AuthorizationWorld) => string;
  variables: (world: AuthorizationWorld, target: string) => Record<string, unknown>;
  /** What an entitled actor sees at `path`. */
  entitled: (value: any, world: AuthorizationWorld) => void;
}

/**
 * The isolation rule (DESIGN.md rule 7): outside the workspace, or not entitled to the tenant
 * that owns the target, the target does not exist; a member without the capability is refused.
 */
export function expectedOutcome(actor: ActorName, reach: Reach, allowed: readonly ActorName[]): Outcome {
  if (!MEMBERS_OF_A.includes(actor)) return 'NOT_FOUND';
  const grantedOnlyA1 = actor === 'operatorA' || actor === 'readonlyA';
  if (reach === 'siblingTenant' && grantedOnlyA1) return 'NOT_FOUND';
  return allowed.includes(actor) ? 'data' : 'FORBIDDEN';
}

/** A tenant-owned target, once on A1 (granted to operator and readonly) and once on the sibling A2. */
export function onBothTenants(make: (tenant: 'tenantA1' | 'tenantA2', reach: Reach) => AuthorizationCase): AuthorizationCase[] {
  return [make('tenantA1', 'grantedTenant'), make('tenantA2', 'siblingTenant')];
}
