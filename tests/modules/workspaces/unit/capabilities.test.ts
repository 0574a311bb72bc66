import { describe, expect, it } from 'vitest';
import {
  CAPABILITIES,
  capabilitiesOf,
  roleCoversAllTenants,
  roleHasCapability,
  WORKSPACE_ROLES,
} from '../../../../src/modules/workspaces/auth/capabilities.js';

const READONLY = ['workspace.view', 'members.view', 'tenant.view', 'baselines.view', 'operations.view'];
const OPERATOR = [...READONLY, 'tenant.inventory.report', 'tenant.compare.start', 'tenant.sync.start'];
const MANAGER = [...OPERATOR, 'tenants.manage', 'baselines.manage', 'operations.reconcile'];
const OWNER = [...MANAGER, 'workspace.manage', 'members.manage'];

describe('capabilities', () => {
  it('readonly members may only view', () => {
    expect(new Set(capabilitiesOf('readonly'))).toEqual(new Set(READONLY));
  });

  it('operators may also report inventory and start compares and syncs', () => {
    expect(new Set(capabilitiesOf('operator'))).toEqual(new Set(OPERATOR));
  });

  it('managers may also manage tenants and baselines and reconcile runs', () => {
    expect(new Set(capabilitiesOf('manager'))).toEqual(new Set(MANAGER));
  });

  it('owners hold every capability, including managing the workspace and its members', () => {
    expect(new Set(capabilitiesOf('owner'))).toEqual(new Set(OWNER));
    expect(new Set(capabilitiesOf('owner'))).toEqual(new Set(CAPABILITIES));
  });

  it('each stronger role holds every capability of the weaker ones', () => {
    for (let i = 1; i < WORKSPACE_ROLES.length; i++) {
      const weaker = capabilitiesOf(WORKSPACE_ROLES[i]!);
      const stronger = new Set(capabilitiesOf(WORKSPACE_ROLES[i - 1]!));
      expect(weaker.filter((capability) => !stronger.has(capability))).toEqual([]);
    }
  });

  it('roleHasCapability agrees with capabilitiesOf for every role and capability', () => {
    for (const role of WORKSPACE_ROLES) {
      const held = new Set(capabilitiesOf(role));
      for (const capability of CAPABILITIES) expect(roleHasCapability(role, capability)).toBe(held.has(capability));
    }
  });

  it('capabilitiesOf lists capabilities in registry order', () => {
    expect(capabilitiesOf('owner')).toEqual([...CAPABILITIES]);
  });

  it('owners and managers cover every tenant; operators and readonly members need tenant grants', () => {
    expect(roleCoversAllTenants('owner')).toBe(true);
    expect(roleCoversAllTenants('manager')).toBe(true);
    expect(roleCoversAllTenants('operator')).toBe(false);
    expect(roleCoversAllTenants('readonly')).toBe(false);
  });
});
