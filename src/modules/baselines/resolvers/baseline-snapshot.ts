import { snapshotSource } from '../services/snapshot-source-access.js';
import { paginate } from '../../../platform/graphql/connection.js';
import type { RequestContext } from '../../../platform/graphql/request-context.js';
import type { Presentation } from '../../operation-runs/domain/run-presentation.js';
import { isEntitled } from '../../workspaces/auth/authorize.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import { authorizedSnapshot } from '../authorized-baselines.js';
import { isConsumable } from '../domain/snapshot-lifecycle.js';
import { completionMetaWithoutSource, summaryWithoutSource } from '../domain/snapshot-source.js';
import { artifactReasonCode, snapshotTruth, usabilityLabel } from '../domain/snapshot-truth.js';
import { BaselineSnapshotItemSchema } from '../entities/baseline-snapshot-item.js';
import type { BaselineSnapshot } from '../entities/baseline-snapshot.js';
import { snapshotFacts } from '../services/snapshot-truth-resolver.js';
import type { BaselineSnapshotResolvers } from '../../../generated/resolvers-types.js';

async function effectiveFacts(snapshot: BaselineSnapshot, context: RequestContext) {
  const effective = await context.loaders.effectiveSnapshotByProfile.load(snapshot.profile);
  return effective ? snapshotFacts(effective) : null;
}

const LIFECYCLE_PRESENTATION: Record<string, Presentation> = {
  building: { label: 'Building', tone: 'info' },
  complete: { label: 'Complete', tone: 'success' },
  incomplete: { label: 'Incomplete', tone: 'danger' },
};

export const baselineSnapshot: BaselineSnapshotResolvers = {
  __resolveReference: (reference, context) => authorizedSnapshot(context, reference.id, 'baselines.view'),
  workspace: async (snapshot, _args, context) => (await context.loaders.workspace.load(snapshot.workspace))!,
  profile: async (snapshot, _args, context) => (await context.loaders.profile.load(snapshot.profile))!,
  lifecyclePresentation: (snapshot) => LIFECYCLE_PRESENTATION[snapshot.lifecycleState ?? ''] ?? { label: 'Unclassified', tone: 'warning' },
  truth: async (snapshot, _args, context) => snapshotTruth(snapshotFacts(snapshot), await effectiveFacts(snapshot, context)),
  consumable: (snapshot) => isConsumable(snapshot.lifecycleState),
  usabilityLabel: async (snapshot, _args, context) => usabilityLabel(snapshotFacts(snapshot), await effectiveFacts(snapshot, context)),
  reason: async (snapshot, _args, context) => {
    const code = artifactReasonCode(snapshotFacts(snapshot), await effectiveFacts(snapshot, context));
    return code ? context.runtime.reasons.describe(code) : null;
  },
  summary: async (snapshot, _args, context) => ((await snapshotSource(snapshot, context)).visible ? snapshot.summary : summaryWithoutSource(snapshot.summary)),
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
};
