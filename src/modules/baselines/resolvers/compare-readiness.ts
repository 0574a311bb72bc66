import type { CompareReadinessResolvers } from '../../../generated/resolvers-types.js';

export const compareReadiness: CompareReadinessResolvers = {
  effectiveSnapshot: (availability) => availability.effective,
  latestAttemptedSnapshot: (availability) => availability.latestAttempted,
  snapshot: (availability, _args, context) => (availability.snapshot ? context.loaders.snapshot.loadPrimed(availability.snapshot.id) : null),
  reasonMessage: (availability, _args, context) => (availability.reasonCode ? context.runtime.reasons.describe(availability.reasonCode).explanation : null),
  reason: (availability, _args, context) => (availability.reasonCode ? context.runtime.reasons.describe(availability.reasonCode) : null),
};
