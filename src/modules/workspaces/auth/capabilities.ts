/** Workspace roles, strongest first. */
export const WORKSPACE_ROLES = ['owner', 'manager', 'operator', 'readonly'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/** Every capability the API checks. Resolvers name these; they never compare role names. */
export const CAPABILITIES = [
  'workspace.view',
  'workspace.manage',
  'members.view',
  'members.manage',
  'tenants.manage',
  'tenant.view',
  'tenant.inventory.report',
  'tenant.compare.start',
  'tenant.sync.start',
  'baselines.view',
  'baselines.manage',
  'operations.view',
  'operations.reconcile',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const READONLY: readonly Capability[] = ['workspace.view', 'members.view', 'tenant.view', 'baselines.view', 'operations.view'];
const OPERATOR: readonly Capability[] = [...READONLY, 'tenant.inventory.report', 'tenant.compare.start', 'tenant.sync.start'];
const MANAGER: readonly Capability[] = [...OPERATOR, 'tenants.manage', 'baselines.manage', 'operations.reconcile'];
const OWNER: readonly Capability[] = [...MANAGER, 'workspace.manage', 'members.manage'];

const REGISTRY: Record<WorkspaceRole, ReadonlySet<Capability>> = {
  owner: new Set(OWNER),
  manager: new Set(MANAGER),
  operator: new Set(OPERATOR),
  readonly: new Set(READONLY),
};

/** Roles entitled to every tenant of the workspace; other roles need a tenant membership per tenant. */
const ALL_TENANT_ROLES: ReadonlySet<WorkspaceRole> = new Set(['owner', 'manager']);

export function roleHasCapability(role: WorkspaceRole, capability: Capability): boolean {
  return REGISTRY[role].has(capability);
}

export function capabilitiesOf(role: WorkspaceRole): Capability[] {
  return CAPABILITIES.filter((capability) => REGISTRY[role].has(capability));
}

export function roleCoversAllTenants(role: WorkspaceRole): boolean {
  return ALL_TENANT_ROLES.has(role);
}

/** Whether a member sees every tenant of the workspace or only the tenants granted to them. */
export type TenantAccess = 'all' | 'assigned';
