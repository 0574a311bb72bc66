import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSubscriber, type SubscriptionSocket } from '../../support/subscription-client.js';
import type { GqlResult } from '../../support/test-app.js';
import { useApp, type AppFixture } from '../../support/use-app.js';
import { waitFor } from '../../support/wait-for.js';

/** `count` nested `ofType` selections under `__schema.types`, ending in `name`: depth 2 + count + 1. */
function ofTypeChain(count: number): string {
  return `{ __schema { types { ${'ofType { '.repeat(count)}name${' }'.repeat(count)} } } }`;
}

/** 17 deep with only 9 ofType and 2 nested introspection lists: within every other limit. */
const DEEP_WITHOUT_LONG_CHAINS = `{ __schema { types { fields { args { type { inputFields { type { ${'ofType { '.repeat(9)}name${' }'.repeat(9)} } } } } } } } }`;

const OF_TYPE_TOO_DEEP = (count: number) =>
  `Introspection under __schema nests ofType ${count} levels deep; the maximum is 9 (as deep as graphql-js's getIntrospectionQuery() asks).`;

function expectValidationFailure(result: GqlResult<unknown>, message: string) {
  expect(result.status).toBe(400);
  expect(result.data).toBeUndefined();
  expect(result.errors).toEqual([expect.objectContaining({ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
}

/** Runs `query` over graphql-ws (which serves queries as well as subscriptions) and returns its one result. */
async function overWebSocket(socket: SubscriptionSocket, query: string) {
  const feed = socket.subscribe(query);
  await waitFor(async () => feed.events.length + feed.errors.length > 0, 20_000, 25, 'a result over WebSocket');
  return feed;
}

interface OwnerSession extends AppFixture {
  /** A graphql-ws socket of the same owner. */
  readonly socket: SubscriptionSocket;
}

/** Registers `useApp` with `overrides` (as the owner of workspace A) and a socket of that owner for the suite; closed after it. */
function useOwnerSession(overrides: Record<string, string> = {}): OwnerSession {
  const suite = useApp({ env: overrides });
  let socket: SubscriptionSocket | undefined;
  beforeAll(async () => {
    socket = await connectSubscriber(suite.app.url, suite.token);
  });
  afterAll(async () => {
    await socket?.close();
  });
  return Object.defineProperty(suite, 'socket', { get: () => socket }) as OwnerSession;
}

describe('introspection is bounded', () => {
  const session = useOwnerSession();

  it("answers graphql-js's own getIntrospectionQuery(), with every option, when introspection is enabled", async () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    const result = await session.gql(query, {});
    expect(result.errors).toBeUndefined();
    expect(result.data.__schema.queryType).toEqual({ name: 'Query', kind: 'OBJECT' });
    expect(result.data.__schema.types.map((type: { name: string }) => type.name)).toContain('BaselineSnapshot');
  });

  it('refuses an ofType chain 200 deep before it runs, with GRAPHQL_VALIDATION_FAILED naming the limit', async () => {
    expectValidationFailure(await session.gql(ofTypeChain(200), {}), OF_TYPE_TOO_DEEP(200));
  });

  it('allows 9 nested ofType, as deep as getIntrospectionQuery() goes, and refuses 10', async () => {
    const nine = await session.gql(ofTypeChain(9), {});
    expect(nine.errors).toBeUndefined();
    expect(nine.data.__schema.types.length).toBeGreaterThan(0);
    expectValidationFailure(await session.gql(ofTypeChain(10), {}), OF_TYPE_TOO_DEEP(10));
  });

  it('counts ofType through fragments, each spread where it is used', async () => {
    const query = `
      { __type(name: "Query") { fields { type { ...Five } } } }
      fragment Five on __Type { ofType { ofType { ofType { ofType { ofType { ...Refs } } } } } }
      fragment Refs on __Type { ofType { ofType { ofType { ofType { ofType { name } } } } } }`;
    expectValidationFailure(
      await session.gql(query, {}),
      "Introspection under __type nests ofType 10 levels deep; the maximum is 9 (as deep as graphql-js's getIntrospectionQuery() asks).",
    );
  });

  it('refuses introspection nested deeper than 15 levels even when no ofType chain is too long', async () => {
    expectValidationFailure(await session.gql(DEEP_WITHOUT_LONG_CHAINS, {}), 'Introspection under __schema is nested 17 levels deep; the maximum is 15.');
  });

  it('applies the same limits to queries over WebSocket, and keeps the socket serving', async () => {
    const chain = await overWebSocket(session.socket, ofTypeChain(200));
    expect(chain.events).toEqual([]);
    expect(chain.errors).toEqual([expect.objectContaining({ message: OF_TYPE_TOO_DEEP(200), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);

    const deep = await overWebSocket(session.socket, DEEP_WITHOUT_LONG_CHAINS);
    expect(deep.errors).toEqual([expect.objectContaining({ message: 'Introspection under __schema is nested 17 levels deep; the maximum is 15.' })]);

    const allowed = await overWebSocket(session.socket, ofTypeChain(9));
    expect(allowed.errors).toEqual([]);
    expect(session.socket.closedWith).toBeNull();
  });
});

describe('introspection switched off (GRAPHQL_INTROSPECTION=false, the production default)', () => {
  const session = useOwnerSession({ GRAPHQL_INTROSPECTION: 'false' });
  const refused = (field: string) =>
    expect.objectContaining({
      message: `GraphQL introspection has been disabled, but the requested query contained the field "${field}".`,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });

  it('is refused over HTTP with GRAPHQL_VALIDATION_FAILED', async () => {
    const result = await session.gql(`{ __schema { queryType { name } } }`, {});
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([refused('__schema'), refused('queryType')]);
  });

  it('is refused over WebSocket too, where it used to be answered', async () => {
    const feed = await overWebSocket(session.socket, `{ __schema { queryType { name } } }`);
    expect(feed.events).toEqual([]);
    expect(feed.errors).toEqual([refused('__schema'), refused('queryType')]);
  });

  it('still answers __typename, which is not introspection of the schema', async () => {
    const result = await session.gql(`{ __typename me { __typename } }`, {});
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ __typename: 'Query', me: { __typename: 'Viewer' } });
  });
});
