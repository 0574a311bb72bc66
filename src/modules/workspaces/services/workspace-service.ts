import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntitlementChanges } from '../auth/request-entitlements.js';
import { WorkspaceMembershipSchema } from '../entities/workspace-membership.js';
import { WorkspaceSchema, type Workspace } from '../entities/workspace.js';
import { newId } from '../../../platform/ids.js';
import { checkName } from '../../../platform/input-rules.js';
import { badInput } from '../../../platform/errors.js';
import { AuditService } from './audit-service.js';

export class WorkspaceService {
  constructor(
    private readonly em: EntityManager,
    private readonly entitlements: EntitlementChanges,
  ) {}

  /** Creates a workspace owned by its creator; the creator's cached entitlements end once it is committed. */
  async create(creatorId: string, name: string): Promise<Workspace> {
    const checked = checkName('name', name);
    if ('problem' in checked) throw badInput(checked.problem.message, [checked.problem]);
    const created = await this.em.transactional(async (em) => {
      const workspace = em.create(WorkspaceSchema, { id: newId(), name: checked.value });
      em.create(WorkspaceMembershipSchema, { id: newId(), workspace: workspace.id, user: creatorId, role: 'owner' });
      new AuditService(em).record({
        workspaceId: workspace.id,
        actorId: creatorId,
        action: 'workspace.created',
        subjectType: 'workspace',
        subjectId: workspace.id,
        metadata: { name: workspace.name },
      });
      return workspace;
    });
    await this.entitlements.changed([creatorId]);
    return created;
  }
}
