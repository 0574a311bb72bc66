import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../../src/platform/ids.js';
import { BaselineProfileSchema } from '../../src/modules/baselines/entities/baseline-profile.js';
import { BaselineTenantAssignmentSchema } from '../../src/modules/baselines/entities/baseline-tenant-assignment.js';
import { OperationRunSchema } from '../../src/modules/operation-runs/entities/operation-run.js';
import { TenantMembershipSchema } from '../../src/modules/tenants/entities/tenant-membership.js';
import { UserSchema } from '../../src/modules/workspaces/entities/user.js';
import { WorkspaceMembershipSchema } from '../../src/modules/workspaces/entities/workspace-membership.js';
import { createWorld, type World } from './world.js';
import { testEmail } from './test-email.js';

export interface AuthorizationWorld extends World {
  /** A queued run on tenant A1 and one on tenant A2. */
  runA1: string;
  runA2: string;
  /** A DRAFT profile of workspace A, so activating it changes something. */
  draftProfileA: string;
  /** A readonly member of A granted only tenant A2 (the mirror image of `readonlyA`). */
  readonlyA2: string;
}

/**
 * `createWorld` plus what the authorization matrix needs: runs on both tenants of A, a draft
 * profile, profile A assigned to A2 as well as A1, and a second readonly member granted only A2.
 */
export async function createAuthorizationWorld(em: EntityManager): Promise<AuthorizationWorld> {
  const world = await createWorld(em);
  const run = (tenant: string) => {
    const id = newId();
    em.create(OperationRunSchema, {
      id,
      workspace: world.workspaceA,
      tenant,
      type: 'baseline_capture',
      runIdentityHash: randomBytes(32).toString('hex'),
    });
    return id;
  };
  const runA1 = run(world.tenantA1);
  const runA2 = run(world.tenantA2);
  const draftProfileA = newId();
  em.create(BaselineProfileSchema, {
    id: draftProfileA,
    workspace: world.workspaceA,
    name: 'Draft',
    status: 'draft',
    scope: { policyTypes: ['compliancePolicy'] },
  });
  em.create(BaselineTenantAssignmentSchema, { id: newId(), workspace: world.workspaceA, tenant: world.tenantA2, profile: world.profileA });
  const readonlyA2 = newId();
  em.create(UserSchema, { id: readonlyA2, email: testEmail('readonly-a2', readonlyA2), displayName: 'readonly-a2' });
  em.create(WorkspaceMembershipSchema, { id: newId(), workspace: world.workspaceA, user: readonlyA2, role: 'readonly' });
  em.create(TenantMembershipSchema, { id: newId(), workspace: world.workspaceA, tenant: world.tenantA2, user: readonlyA2 });
  await em.flush();
  return { ...world, runA1, runA2, draftProfileA, readonlyA2 };
}
