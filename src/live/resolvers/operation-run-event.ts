import type { RunEventKind } from '../../outbox/kinds.js';
import { encodeEventCursor } from '../../outbox/position.js';
import type { OperationRunEventResolvers } from '../../generated/resolvers-types.js';

export const operationRunEvent: OperationRunEventResolvers = {
  cursor: (event) => encodeEventCursor(event.position),
  kind: (event) => event.kind as RunEventKind,
  occurredAt: (event) => event.createdAt,
  run: async (event, _args, context) => (await context.loaders.run.load(event.runId))!,
};
