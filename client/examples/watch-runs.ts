/**
 * A typed Node client: prints a workspace's newest runs, then every run transition as it is pushed.
 * It lists first and subscribes from the list's `eventCursor`, so nothing falls between the two,
 * and it keeps the last event's cursor in the subscription's `after`: when the socket drops,
 * graphql-ws reconnects and resumes exactly after the last transition printed.
 *
 *   TENANTGRAPH_TOKEN=$(npm run -s cli -- token --user owner@demo.tenantgraph.dev) \
 *     npx tsx client/examples/watch-runs.ts <workspace id> [http://127.0.0.1:4000]
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import {
  WatchRunsEventsDocument,
  WatchRunsListDocument,
  type WatchedRunFragment,
  type WatchRunsEventsSubscription,
  type WatchRunsEventsSubscriptionVariables,
} from '../generated/graphql.js';

const [workspaceId, baseUrl = 'http://127.0.0.1:4000'] = process.argv.slice(2);
const token = process.env.TENANTGRAPH_TOKEN;
if (!workspaceId || !token) {
  process.stderr.write('Usage: TENANTGRAPH_TOKEN=<bearer token> npx tsx client/examples/watch-runs.ts <workspace id> [base url]\n');
  process.exit(2);
}

async function query<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<TData> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: TData; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(body.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`);
  return body.data;
}

function describe(run: WatchedRunFragment): string {
  const note = run.reconciliation ? ` (reconciled: ${run.reconciliation.reasonLabel})` : '';
  return `${run.id} ${run.type} ${run.tenant?.name ?? '-'}: ${run.statusPresentation.label} / ${run.outcomePresentation.label}${note}`;
}

const list = await query(WatchRunsListDocument, { workspaceId });
for (const { node } of list.operationRuns.edges) process.stdout.write(`listed    ${describe(node)}\n`);

const client = createClient({
  url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${token}` },
  retryAttempts: Number.POSITIVE_INFINITY,
  shouldRetry: (event) => (event as { code?: number }).code !== 4401,
  on: {
    connected: (_socket, _payload, wasRetry) => process.stdout.write(wasRetry ? 'reconnected, resuming\n' : 'live\n'),
    closed: () => process.stdout.write('socket closed\n'),
  },
});

// graphql-ws re-sends this object when it reconnects; `after` always holds the last cursor seen.
const variables: WatchRunsEventsSubscriptionVariables = { workspaceId, after: list.operationRuns.eventCursor };
client.subscribe<WatchRunsEventsSubscription>(
  { query: print(WatchRunsEventsDocument), variables },
  {
    next: ({ data, errors }) => {
      if (errors?.length) return void process.stderr.write(`error: ${errors.map((error) => error.message).join('; ')}\n`);
      if (!data) return;
      const event = data.operationRunEvents;
      variables.after = event.cursor;
      process.stdout.write(`${event.kind.padEnd(9)} ${describe(event.run)}\n`);
    },
    error: (error) => {
      process.stderr.write(`subscription ended: ${error instanceof Error ? error.message : JSON.stringify(error)}\n`);
      process.exit(1);
    },
    complete: () => process.exit(0),
  },
);

const stop = () => void Promise.resolve(client.dispose()).then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
