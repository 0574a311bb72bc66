import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { authorize, can, isEntitled, visibleTenants } from '../../../../src/modules/workspaces/auth/authorize.js';
import type { WorkspaceRole } from '../../../../src/modules/workspaces/auth/capabilities.js';
import { actorIn } from '../../../support/actor-fixture.js';

const WORKSPACE = 'ws-a';
const OTHER_WORKSPACE = 'ws-b';
const GRANTED_TENANT = 'tenant-1';
const OTHER_TENANT = 'tenant-2';

const actor = (role: WorkspaceRole | null, grantedTenants: string[] = []) => actorIn(WORKSPACE, role, grantedTenants);

function codeOf(work: () => void): string | null {
  try {
    work();
    return null;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return error.extensions.code as string;
  }
}

describe('authorize', () => {
  it('a non-member gets NOT_FOUND, worded like a missing row', () => {
    expect(() => authorize(actor(null), { workspaceId: WORKSPACE }, 'workspace.view', 'Workspace')).toThrow('Workspace not found.');
    expect(codeOf(() => authorize(actor(null), { workspaceId: WORKSPACE }, 'workspace.view', 'Workspace'))).toBe('NOT_FOUND');
  });

  it('a member of another workspace gets NOT_FOUND even for a capability their role holds', () => {
    expect(codeOf(() => authorize(actor('owner'), { workspaceId: OTHER_WORKSPACE }, 'workspace.view', 'Workspace'))).toBe('NOT_FOUND');
  });

  it('a member without the capability gets FORBIDDEN naming the capability', () => {
    const check = () => authorize(actor('readonly', [GRANTED_TENANT]), { workspaceId: WORKSPACE }, 'tenants.manage', 'Workspace');
    expect(codeOf(check)).toBe('FORBIDDEN');
    expect(check).toThrow('requires capability "tenants.manage"');
  });

  it('a member with the capability passes', () => {
    expect(codeOf(() => authorize(actor('manager'), { workspaceId: WORKSPACE }, 'tenants.manage', 'Workspace'))).toBeNull();
  });

  it('an operator gets NOT_FOUND for a tenant they were not granted, even for an action their role allows', () => {
    const scope = { workspaceId: WORKSPACE, tenantId: OTHER_TENANT };
    expect(codeOf(() => authorize(actor('operator', [GRANTED_TENANT]), scope, 'tenant.view', 'Tenant'))).toBe('NOT_FOUND');
  });

  it('an entitlement check comes before the capability check: an ungranted tenant is NOT_FOUND, not FORBIDDEN', () => {
    const scope = { workspaceId: WORKSPACE, tenantId: OTHER_TENANT };
    expect(codeOf(() => authorize(actor('readonly', [GRANTED_TENANT]), scope, 'tenants.manage', 'Tenant'))).toBe('NOT_FOUND');
  });

  it('an operator passes on a granted tenant and is FORBIDDEN from managing it', () => {
    const scope = { workspaceId: WORKSPACE, tenantId: GRANTED_TENANT };
    expect(codeOf(() => authorize(actor('operator', [GRANTED_TENANT]), scope, 'tenant.inventory.report', 'Tenant'))).toBeNull();
    expect(codeOf(() => authorize(actor('operator', [GRANTED_TENANT]), scope, 'tenants.manage', 'Tenant'))).toBe('FORBIDDEN');
  });

  it('owners and managers reach every tenant of their workspace without grants', () => {
    for (const role of ['owner', 'manager'] as const) {
      const scope = { workspaceId: WORKSPACE, tenantId: OTHER_TENANT };
      expect(codeOf(() => authorize(actor(role), scope, 'tenant.view', 'Tenant'))).toBeNull();
    }
  });

  it('a tenant grant in one workspace does not entitle the actor to the same tenant id elsewhere', () => {
    expect(isEntitled(actor('operator', [GRANTED_TENANT]), { workspaceId: OTHER_WORKSPACE, tenantId: GRANTED_TENANT })).toBe(false);
  });
});

describe('can', () => {
  it('is true only with membership, tenant entitlement and the capability together', () => {
    const operator = actor('operator', [GRANTED_TENANT]);
    expect(can(operator, { workspaceId: WORKSPACE, tenantId: GRANTED_TENANT }, 'tenant.compare.start')).toBe(true);
    expect(can(operator, { workspaceId: WORKSPACE, tenantId: OTHER_TENANT }, 'tenant.compare.start')).toBe(false);
    expect(can(operator, { workspaceId: WORKSPACE }, 'baselines.manage')).toBe(false);
    expect(can(actor(null), { workspaceId: WORKSPACE }, 'workspace.view')).toBe(false);
  });
});

describe('visibleTenants', () => {
  it('is every tenant for owners and managers', () => {
    expect(visibleTenants(actor('owner'), WORKSPACE)).toBe('all');
    expect(visibleTenants(actor('manager'), WORKSPACE)).toBe('all');
  });

  it('is exactly the granted tenants for operators and readonly members', () => {
    expect(visibleTenants(actor('operator', [GRANTED_TENANT]), WORKSPACE)).toEqual(new Set([GRANTED_TENANT]));
    expect(visibleTenants(actor('readonly'), WORKSPACE)).toEqual(new Set());
  });

  it('is nothing for a workspace the actor does not belong to', () => {
    expect(visibleTenants(actor('owner'), OTHER_WORKSPACE)).toEqual(new Set());
  });
});
