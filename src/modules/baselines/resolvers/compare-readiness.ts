import { describeReason } from '../../operation-runs/domain/reason-catalog.js';
import type { CompareReadinessResolvers } from '../../../generated/resolvers-types.js';

export const compareReadiness: CompareReadinessResolvers = {
  effectiveSnapshot: (availability) => availability.effective,
  latestAttemptedSnapshot: (availability) => availability.latestAttempted,
  snapshot: (availability, _args, context) => (availability.snapshot ? context.loaders.snapshot.loadPrimed(availability.snapshot.id) : null),
  reasonMessage: (availability) => (availability.reasonCode ? describeReason(availability.reasonCode).explanation : null),
  reason: (availability) => (availability.reasonCode ? describeReason(availability.reasonCode) : null),
};
