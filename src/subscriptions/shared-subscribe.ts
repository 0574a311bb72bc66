import { createSourceEventStream, execute, getOperationAST, Kind, print, visit, type ASTNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
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

/** Maps a source stream to results as graphql-js does; returning or throwing closes the source at once. */
function mapStream<T>(iterable: AsyncIterable<T>, map: (value: T) => Result): AsyncGenerator<ExecutionResult, void, void> {
  const iterator = iterable[Symbol.asyncIterator]();
  const close = async () => {
    await iterator.return?.().catch(() => undefined);
  };
  const mapped = async (step: IteratorResult<T>): Promise<IteratorResult<ExecutionResult, void>> => {
    if (step.done) return { value: undefined, done: true };
    try {
      return { value: await map(step.value), done: false };
    } catch (error) {
      await close();
      throw error;
    }
  };
  return {
    next: async () => mapped(await iterator.next()),
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
 * manager, loaders, clock), the actor and the event.
 */
export async function subscribeShared(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return stream as ExecutionResult;
  const context = args.contextValue as SubscriptionContext;
  const operationKey = JSON.stringify([args.document.loc?.source.body ?? print(args.document), args.operationName ?? null, executionVariables(args)]);
  return mapStream(stream, (event) => context.shared(operationKey, event, () => execute({ ...args, rootValue: event })));
}
