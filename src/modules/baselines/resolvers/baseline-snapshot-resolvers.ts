import { isEntitled } from '../../workspaces/auth/authorize.js';
import { maySeeSnapshotSource } from '../services/snapshot-source-access.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import { isConsumable } from '../domain/snapshot-lifecycle.js';
import { completionMetaWithoutSource, recordedSourceTenantId, summaryWithoutSource } from '../domain/snapshot-source.js';
import { artifactReasonCode, snapshotTruth, usabilityLabel } from '../domain/snapshot-truth.js';
import { describeReason } from '../../operation-runs/domain/reason-catalog.js';
import { BaselineSnapshotItemSchema } from '../entities/baseline-snapshot-item.js';
import type { BaselineSnapshot } from '../entities/baseline-snapshot.js';
import { paginate } from '../../../platform/graphql/connection.js';
import type { Resolvers } from '../../../generated/resolvers-types.js';
import { snapshotFacts } from '../services/snapshot-truth-resolver.js';
import type { RequestContext } from '../../../platform/graphql/request-context.js';
import type { Presentation } from '../../operation-runs/domain/run-presentation.js';
import { authorizedSnapshot } from '../authorized-baselines.js';

async function effectiveFacts(snapshot: BaselineSnapshot, context: RequestContext) {
  const effective = await context.loaders.effectiveSnapshotByProfile.load(snapshot.profile);
  return effective ? snapshotFacts(effective) : null;
}

/**
 * The snapshot's source tenant (as its capture recorded it, else the tenant of its capture run) and
 * whether the caller may see what it captured (`maySeeSnapshotSource`). Every field that carries
 * source data asks this, so queries, `_entities` and subscription events follow the same rule.
 */
async function snapshotSource(snapshot: BaselineSnapshot, context: RequestContext): Promise<{ tenantId: string | null; visible: boolean }> {
  let tenantId = recordedSourceTenantId(snapshot.summary);
  if (!tenantId && snapshot.producerRun) tenantId = (await context.loaders.run.load(snapshot.producerRun))?.tenant ?? null;
  return { tenantId, visible: maySeeSnapshotSource(requireActor(context), snapshot.workspace, tenantId) };
}

const LIFECYCLE_PRESENTATION: Record<string, Presentation> = {
  building: { label: 'Building', tone: 'info' },
  complete: { label: 'Complete', tone: 'success' },
  incomplete: { label: 'Incomplete', tone: 'danger' },
};

export const baselineSnapshotResolvers: Resolvers = {
  Query: {
    baselineSnapshot: (_root, { id }, context) => authorizedSnapshot(context, id, 'baselines.view'),
  },

  BaselineSnapshot: {
    __resolveReference: (reference, context) => authorizedSnapshot(context, reference.id, 'baselines.view'),
    workspace: async (snapshot, _args, context) => (await context.loaders.workspace.load(snapshot.workspace))!,
    profile: async (snapshot, _args, context) => (await context.loaders.profile.load(snapshot.profile))!,
    lifecyclePresentation: (snapshot) => LIFECYCLE_PRESENTATION[snapshot.lifecycleState ?? ''] ?? { label: 'Unclassified', tone: 'warning' },
    truth: async (snapshot, _args, context) => snapshotTruth(snapshotFacts(snapshot), await effectiveFacts(snapshot, context)),
    consumable: (snapshot) => isConsumable(snapshot.lifecycleState),
    usabilityLabel: async (snapshot, _args, context) => usabilityLabel(snapshotFacts(snapshot), await effectiveFacts(snapshot, context)),
    reason: async (snapshot, _args, context) => {
      const code = artifactReasonCode(snapshotFacts(snapshot), await effectiveFacts(snapshot, context));
      return code ? describeReason(code) : null;
    },
    summary: async (snapshot, _args, context) =>
      (await snapshotSource(snapshot, context)).visible ? snapshot.summary : summaryWithoutSource(snapshot.summary),
    completionMeta: async (snapshot, _args, context) => {
      if (!snapshot.completionMeta) return null;
      return (await snapshotSource(snapshot, context)).visible ? snapshot.completionMeta : completionMetaWithoutSource(snapshot.completionMeta);
    },
    sourceTenant: async (snapshot, _args, context) => {
      const source = await snapshotSource(snapshot, context);
      if (!source.visible || !source.tenantId) return null;
      const tenant = await context.loaders.tenant.load(source.tenantId);
      return tenant?.workspace === snapshot.workspace ? tenant : null;
    },
    producerRun: async (snapshot, _args, context) => {
      if (!snapshot.producerRun || !(await snapshotSource(snapshot, context)).visible) return null;
      const run = await context.loaders.run.load(snapshot.producerRun);
      return run && isEntitled(requireActor(context), { workspaceId: run.workspace, tenantId: run.tenant }) ? run : null;
    },
    itemCount: (snapshot, _args, context) => context.loaders.itemCountBySnapshot.load(snapshot.id),
    items: (snapshot, args, context) => {
      const qb = context.em.createQueryBuilder(BaselineSnapshotItemSchema, 'i').where({ snapshot: snapshot.id });
      return paginate(
        qb,
        {
          connection: 'snapshotItems',
          columns: [
            { sql: 'i.subject_type', cast: 'text' },
            { sql: 'i.subject_external_id', cast: 'text' },
          ],
          direction: 'asc',
          keyOf: (item) => [item.subjectType, item.subjectExternalId],
        },
        args,
      );
    },
  },

  BaselineSnapshotItem: {
    meta: async (item, _args, context) => {
      const snapshot = await context.loaders.snapshot.load(item.snapshot);
      return snapshot && (await snapshotSource(snapshot, context)).visible ? item.meta : null;
    },
  },
};
