import { createSourceEventStream, execute, getOperationAST, Kind, print, visit, type ASTNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { encodeEventCursor } from '../outbox/position.js';
import { eventDeliveryFailed } from '../platform/errors.js';
import { isCallerFacing } from '../platform/http/format-error.js';
import { logger } from '../platform/logger.js';
import type { StoredEvent } from '../outbox/reader.js';
import { isEventStream, type EventStream } from './event-stream.js';
import type { SubscriptionContext } from './subscription-context.js';

type Result = ExecutionResult | Promise<ExecutionResult>;

/**
 * The variables an event's execution can depend on: those used below the root field and in
 * directives and fragments. The root field's own arguments (workspace, filters, `after` cursor)
 * only shape the event stream: every subscription root field resolves to the event itself.
 */
function executionVariables(args: ExecutionArgs): Record<string, unknown> {
  const operation = getOperationAST(args.document, args.operationName);
  const used = new Set<string>();
  const collect = (node: ASTNode | readonly ASTNode[] | undefined) => {
    for (const item of Array.isArray(node) ? node : node ? [node as ASTNode] : []) {
      visit(item, { Variable: (variable) => void used.add(variable.name.value) });
    }
  };
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      collect(selection.selectionSet);
      collect(selection.directives);
    } else {
      collect(selection);
    }
  }
  collect(operation?.directives);
  collect(args.document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION));
  const values = args.variableValues ?? {};
  return Object.fromEntries([...used].sort().map((name) => [name, values[name] ?? null]));
}

/** An event result the client can use: no error, or only errors that answer the caller (a refusal, bad input). */
function deliveredWhole(result: ExecutionResult): boolean {
  return (result.errors ?? []).every((error) => isCallerFacing(error));
}

/**
 * Maps an event stream to results as graphql-js does, except that an event is sent only when it
 * resolved whole: when resolving it failed (a database error, a query that failed), or when the
 * stream itself failed to read the next event, the subscription ends with EVENT_DELIVERY_FAILED
 * naming where the client resumes, instead of sending a result without the event's cursor and
 * going on past it. Returning or throwing closes the source at once.
 */
function mapStream(stream: EventStream, map: (value: StoredEvent) => Result): AsyncGenerator<ExecutionResult, void, void> {
  const close = async () => {
    await stream.return?.().catch(() => undefined);
  };
  const fail = async (cause: unknown): Promise<never> => {
    const resumeAt = stream.resumePoint();
    const resumeAfter = resumeAt ? encodeEventCursor(resumeAt) : null;
    logger.warn('an event could not be delivered whole; the subscription ends so the client resumes before it', { resumeAfter, cause });
    await close();
    throw eventDeliveryFailed(resumeAfter);
  };
  const mapped = async (step: IteratorResult<StoredEvent>): Promise<IteratorResult<ExecutionResult, void>> => {
    if (step.done) return { value: undefined, done: true };
    let result: ExecutionResult;
    try {
      result = await map(step.value);
    } catch (error) {
      return fail(error);
    }
    if (!deliveredWhole(result)) return fail(result.errors);
    return { value: result, done: false };
  };
  return {
    next: async () => {
      let step: IteratorResult<StoredEvent>;
      try {
        step = await stream.next();
      } catch (error) {
        return fail(error);
      }
      return mapped(step);
    },
    return: async () => {
      await close();
      return { value: undefined, done: true };
    },
    throw: async (error: unknown) => {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  } as AsyncGenerator<ExecutionResult, void, void>;
}

/**
 * graphql-ws's `subscribe` for this server: graphql-js's, except that an event is executed once
 * per delivery round for all subscriptions that would compute the same result (the same operation
 * text and execution variables, for the same user, whose authorization is loaded once per round),
 * and the result is shared. A thousand dashboards of ten users cost ten executions per event, not
 * a thousand. Sound because resolvers read nothing per subscription but the round (entity
 * manager, loaders, clock), the actor and the event. The subscription lets go of the round once
 * its event is resolved (and of the subscribe-time checks' once it subscribed), so an idle
 * subscription holds none.
 */
export async function subscribeShared(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> {
  const context = args.contextValue as SubscriptionContext;
  let stream: Awaited<ReturnType<typeof createSourceEventStream>>;
  try {
    stream = await createSourceEventStream(args);
  } finally {
    context.release();
  }
  if (!(Symbol.asyncIterator in stream)) return stream as ExecutionResult;
  if (!isEventStream(stream)) throw new Error('Every subscription field must return an event stream (eventStream()).');
  let operationKey: string | null = null;
  return mapStream(stream, async (event) => {
    operationKey ??= JSON.stringify([args.document.loc?.source.body ?? print(args.document), args.operationName ?? null, executionVariables(args)]);
    try {
      return await context.shared(operationKey, event, () => execute({ ...args, rootValue: event }));
    } finally {
      context.release();
    }
  });
}
