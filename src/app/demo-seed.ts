import type { EntityManager } from '@mikro-orm/postgresql';
import type { WorkspaceRole } from '../modules/workspaces/auth/capabilities.js';
import type { EntitlementChanges } from '../modules/workspaces/auth/request-entitlements.js';
import { BaselineProfileSchema } from '../modules/baselines/entities/baseline-profile.js';
import { TenantSchema } from '../modules/tenants/entities/tenant.js';
import { UserSchema, type User } from '../modules/workspaces/entities/user.js';
import { WorkspaceMembershipSchema } from '../modules/workspaces/entities/workspace-membership.js';
import { BaselineProfileService } from '../modules/baselines/services/baseline-profile-service.js';
import { InventoryService } from '../modules/inventory/services/inventory-service.js';
import { MembershipService } from '../modules/workspaces/services/membership-service.js';
import { TenantAccessService } from '../modules/tenants/services/tenant-access-service.js';
import { TenantService } from '../modules/tenants/services/tenant-service.js';
import { WorkspaceService } from '../modules/workspaces/services/workspace-service.js';

export const DEMO_WORKSPACE = 'Contoso MSP (demo)';
export const DEMO_USERS: { email: string; displayName: string; role: WorkspaceRole }[] = [
  { email: 'owner@demo.tenantgraph.dev', displayName: 'Olivia Owner', role: 'owner' },
  { email: 'manager@demo.tenantgraph.dev', displayName: 'Max Manager', role: 'manager' },
  { email: 'operator@demo.tenantgraph.dev', displayName: 'Oscar Operator', role: 'operator' },
  { email: 'readonly@demo.tenantgraph.dev', displayName: 'Rita Readonly', role: 'readonly' },
];

const POLICY_TYPES = ['deviceConfiguration', 'compliancePolicy', 'conditionalAccessPolicy'];

function inventory(variant: 'source' | 'drifted') {
  const items = [];
  for (const policyType of POLICY_TYPES) {
    for (let n = 1; n <= 4; n++) {
      if (variant === 'drifted' && policyType === 'compliancePolicy' && n === 4) continue;
      const strict = variant === 'drifted' && policyType === 'deviceConfiguration' && n === 2 ? false : true;
      items.push({
        policyType,
        externalId: `${policyType}-${n}`,
        displayName: `${policyType} #${n}`,
        payload: { version: 1, settings: { enforce: strict, level: n } },
      });
    }
  }
  if (variant === 'drifted') {
    items.push({ policyType: 'conditionalAccessPolicy', externalId: 'legacy-allow-all', displayName: 'Legacy allow-all', payload: { allow: true } });
  }
  return items;
}

export interface DemoSeedResult {
  workspaceId: string;
  created: boolean;
  users: { user: User; role: WorkspaceRole }[];
}

/**
 * Seeds a demo workspace: one user per role, two tenants (the operator and the readonly user
 * are granted only the first), an active baseline profile assigned to both, and inventory where
 * the second tenant drifts. Running it again changes nothing.
 */
export async function seedDemo(em: EntityManager, entitlements: EntitlementChanges): Promise<DemoSeedResult> {
  const ownerSpec = DEMO_USERS[0]!;
  const existingOwner = await em.findOne(UserSchema, { email: ownerSpec.email });
  const existingMembership = existingOwner ? await em.findOne(WorkspaceMembershipSchema, { user: existingOwner.id, role: 'owner' }) : null;
  if (existingOwner && existingMembership) {
    const users = await em.find(UserSchema, { email: { $in: DEMO_USERS.map((user) => user.email) } });
    return {
      workspaceId: existingMembership.workspace,
      created: false,
      users: DEMO_USERS.map((spec) => ({ user: users.find((user) => user.email === spec.email)!, role: spec.role })),
    };
  }

  await em.execute(
    `insert into users (id, email, display_name, created_at, updated_at) values (gen_random_uuid(), ?, ?, now(), now()) on conflict (email) do nothing`,
    [ownerSpec.email, ownerSpec.displayName],
    'run',
  );
  const owner = await em.findOneOrFail(UserSchema, { email: ownerSpec.email });
  const workspace = await new WorkspaceService(em, entitlements).create(owner.id, DEMO_WORKSPACE);
  const members = new MembershipService(em, entitlements);
  for (const spec of DEMO_USERS.slice(1)) {
    await members.add(owner.id, { workspaceId: workspace.id, email: spec.email, displayName: spec.displayName, role: spec.role });
  }
  const tenants = new TenantService(em);
  const fabrikam = await tenants.create(owner.id, workspace.id, 'Fabrikam', 'fabrikam.onmicrosoft.com');
  const northwind = await tenants.create(owner.id, workspace.id, 'Northwind Traders', 'northwind.onmicrosoft.com');
  for (const spec of DEMO_USERS.slice(2)) {
    const user = await em.findOneOrFail(UserSchema, { email: spec.email });
    await new TenantAccessService(em, entitlements).grantTenant(owner.id, await em.findOneOrFail(TenantSchema, { id: fabrikam.id }), user.id);
  }
  const profiles = new BaselineProfileService(em);
  const profile = await profiles.create(owner.id, workspace.id, {
    name: 'Security baseline',
    description: 'Device configuration, compliance and conditional access.',
    policyTypes: POLICY_TYPES,
  });
  await profiles.activate(owner.id, await em.findOneOrFail(BaselineProfileSchema, { id: profile.id }));
  const active = await em.findOneOrFail(BaselineProfileSchema, { id: profile.id });
  await profiles.assign(owner.id, active, fabrikam);
  await profiles.assign(owner.id, active, northwind);
  const reporting = new InventoryService(em, 10_000);
  await reporting.report(owner.id, fabrikam, { complete: true, items: inventory('source') });
  await reporting.report(owner.id, northwind, { complete: true, items: inventory('drifted') });

  const users = await em.find(UserSchema, { email: { $in: DEMO_USERS.map((user) => user.email) } });
  return {
    workspaceId: workspace.id,
    created: true,
    users: DEMO_USERS.map((spec) => ({ user: users.find((user) => user.email === spec.email)!, role: spec.role })),
  };
}
