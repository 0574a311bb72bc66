import type { EntityManager } from '@mikro-orm/postgresql';
import type { WorkspaceRole } from '../../src/modules/workspaces/auth/capabilities.js';
import { newId } from '../../src/platform/ids.js';
import { BaselineProfileSchema } from '../../src/modules/baselines/entities/baseline-profile.js';
import { BaselineSnapshotSchema } from '../../src/modules/baselines/entities/baseline-snapshot.js';
import { BaselineTenantAssignmentSchema } from '../../src/modules/baselines/entities/baseline-tenant-assignment.js';
import { TenantMembershipSchema } from '../../src/modules/tenants/entities/tenant-membership.js';
import { TenantSchema } from '../../src/modules/tenants/entities/tenant.js';
import { UserSchema } from '../../src/modules/workspaces/entities/user.js';
import { WorkspaceMembershipSchema } from '../../src/modules/workspaces/entities/workspace-membership.js';
import { WorkspaceSchema } from '../../src/modules/workspaces/entities/workspace.js';
import { testEmail } from './test-email.js';

export interface World {
  workspaceA: string;
  workspaceB: string;
  /** Tenants of workspace A; the operator and the readonly member are granted only tenantA1. */
  tenantA1: string;
  tenantA2: string;
  tenantB1: string;
  profileA: string;
  profileB: string;
  snapshotA: string;
  users: {
    ownerA: string;
    managerA: string;
    operatorA: string;
    readonlyA: string;
    ownerB: string;
    outsider: string;
  };
}

/**
 * Two workspaces with one user per role in A, an owner in B, and a user belonging to neither.
 * Rows are inserted directly: this is fixture data, not behaviour under test.
 */
export async function createWorld(em: EntityManager): Promise<World> {
  const user = (name: string) => {
    const id = newId();
    em.create(UserSchema, { id, email: testEmail(name, id), displayName: name });
    return id;
  };
  const users = {
    ownerA: user('owner-a'),
    managerA: user('manager-a'),
    operatorA: user('operator-a'),
    readonlyA: user('readonly-a'),
    ownerB: user('owner-b'),
    outsider: user('outsider'),
  };
  const workspaceA = newId();
  const workspaceB = newId();
  em.create(WorkspaceSchema, { id: workspaceA, name: 'Workspace A' });
  em.create(WorkspaceSchema, { id: workspaceB, name: 'Workspace B' });
  const member = (workspace: string, userId: string, role: WorkspaceRole) =>
    em.create(WorkspaceMembershipSchema, { id: newId(), workspace, user: userId, role });
  member(workspaceA, users.ownerA, 'owner');
  member(workspaceA, users.managerA, 'manager');
  member(workspaceA, users.operatorA, 'operator');
  member(workspaceA, users.readonlyA, 'readonly');
  member(workspaceB, users.ownerB, 'owner');
  const tenant = (workspace: string, name: string) => {
    const id = newId();
    em.create(TenantSchema, { id, workspace, name, externalTenantId: `${name.toLowerCase()}.example` });
    return id;
  };
  const tenantA1 = tenant(workspaceA, 'Alpha');
  const tenantA2 = tenant(workspaceA, 'Bravo');
  const tenantB1 = tenant(workspaceB, 'Charlie');
  for (const userId of [users.operatorA, users.readonlyA]) {
    em.create(TenantMembershipSchema, { id: newId(), workspace: workspaceA, tenant: tenantA1, user: userId });
  }
  const profile = (workspace: string) => {
    const id = newId();
    em.create(BaselineProfileSchema, { id, workspace, name: 'Baseline', status: 'active', scope: { policyTypes: ['deviceConfiguration'] } });
    return id;
  };
  const profileA = profile(workspaceA);
  const profileB = profile(workspaceB);
  em.create(BaselineTenantAssignmentSchema, { id: newId(), workspace: workspaceA, tenant: tenantA1, profile: profileA });
  const snapshotA = newId();
  em.create(BaselineSnapshotSchema, {
    id: snapshotA,
    workspace: workspaceA,
    profile: profileA,
    snapshotIdentityHash: 'a'.repeat(64),
    capturedAt: new Date(),
    lifecycleState: 'complete',
    completedAt: new Date(),
  });
  await em.flush();
  return { workspaceA, workspaceB, tenantA1, tenantA2, tenantB1, profileA, profileB, snapshotA, users };
}
