import { composeServices, type CompositionResult } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { Kind, parse, type DocumentNode, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/platform/ids.js';
import { buildSchema, loadTypeDefs } from '../../../src/app/schema.js';
import { startGateway, type TestGateway } from '../../support/gateway.js';
import { RISK_TYPE_DEFS, riskScoreOf, startRiskSubgraph, type RiskSubgraph } from '../../../gateway/risk-subgraph.js';
import type { GqlResult } from '../../support/test-app.js';
import { useApp } from '../../support/use-app.js';

const ENTITIES = ['Workspace', 'Tenant', 'BaselineProfile', 'BaselineSnapshot', 'OperationRun'];

/** The `@join__type` keys a supergraph records for one type in one subgraph. */
function keysOf(supergraphSdl: string, typeName: string, graph: string): string[] {
  const type = parse(supergraphSdl).definitions.find((definition) => definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === typeName);
  if (type?.kind !== Kind.OBJECT_TYPE_DEFINITION) return [];
  return (type.directives ?? [])
    .filter((directive) => directive.name.value === 'join__type')
    .filter((directive) => directive.arguments?.some((arg) => arg.name.value === 'graph' && arg.value.kind === Kind.ENUM && arg.value.value === graph))
    .flatMap((directive) => directive.arguments?.filter((arg) => arg.name.value === 'key') ?? [])
    .map((arg) => (arg.value.kind === Kind.STRING ? arg.value.value : ''));
}

/** Per watchlist entry that failed: its index, code, message and the subgraph that refused it. */
function watchlistErrors(result: GqlResult<unknown>) {
  return (result.errors ?? [])
    .map((error) => ({ index: error.path?.[1], code: error.extensions?.code, message: error.message, service: error.extensions?.serviceName }))
    .sort((a, b) => Number(a.index) - Number(b.index));
}

function supergraphOf(result: CompositionResult): string {
  expect(result.errors?.map((error) => error.message) ?? []).toEqual([]);
  return result.supergraphSdl!;
}

describe('federation', () => {
  const suite = useApp();
  let risk: RiskSubgraph;
  let gateway: TestGateway;
  let composeWithRisk: (tenantgraphTypeDefs: DocumentNode) => CompositionResult;

  beforeAll(async () => {
    risk = await startRiskSubgraph([suite.world.tenantA1, suite.world.tenantA2, suite.world.tenantB1, newId()]);
    composeWithRisk = (typeDefs) =>
      composeServices([
        { name: 'tenantgraph', typeDefs, url: suite.app.url },
        { name: 'risk', typeDefs: RISK_TYPE_DEFS, url: risk.url },
      ]);
    gateway = await startGateway(supergraphOf(composeWithRisk(loadTypeDefs())));
  });

  afterAll(async () => {
    await gateway?.stop();
    await risk?.stop();
  });

  describe('composition', () => {
    it('our SDL composes on its own as a Federation 2 subgraph whose entities are keyed by id', () => {
      const supergraph = supergraphOf(composeServices([{ name: 'tenantgraph', typeDefs: loadTypeDefs(), url: suite.app.url }]));

      for (const entity of ENTITIES) expect(keysOf(supergraph, entity, 'TENANTGRAPH'), entity).toEqual(['id']);
    });

    it('the printed subgraph schema composes to the same supergraph as the SDL in schema/', () => {
      const printed = parse(printSubgraphSchema(buildSchema()));

      expect(supergraphOf(composeWithRisk(printed))).toBe(supergraphOf(composeWithRisk(loadTypeDefs())));
    });

    it('the SDL the running subgraph serves on _service is the SDL in schema/', async () => {
      const response = await fetch(suite.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      const body = (await response.json()) as { data: { _service: { sdl: string } } };

      expect(response.status).toBe(200);
      expect(supergraphOf(composeWithRisk(parse(body.data._service.sdl)))).toBe(supergraphOf(composeWithRisk(loadTypeDefs())));
    });

    it('a second subgraph extending Tenant composes: the API schema offers riskScore beside our fields', () => {
      const result = composeWithRisk(loadTypeDefs());
      supergraphOf(result);
      const api = result.schema!.toAPISchema().toGraphQLJSSchema();
      const tenantFields = Object.keys((api.getType('Tenant') as GraphQLObjectType).getFields());
      const queryFields = Object.keys(api.getQueryType()!.getFields());

      expect(tenantFields).toEqual(expect.arrayContaining(['id', 'name', 'workspace', 'externalTenantId', 'inventory', 'riskScore']));
      expect(queryFields).toEqual(expect.arrayContaining(['tenant', 'workspace', 'operationRun', 'watchlist']));
      expect(keysOf(result.supergraphSdl!, 'Tenant', 'RISK')).toEqual(['id']);
    });
  });

  describe('gateway', () => {
    it('a tenant query joins our fields with the risk score the other subgraph resolves through _entities', async () => {
      const token = await suite.app.token(suite.world.users.ownerA);

      const result = await gateway.gql(`{ tenant(id: "${suite.world.tenantA1}") { name riskScore workspace { name } } }`, token);

      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ tenant: { name: 'Alpha', riskScore: riskScoreOf(suite.world.tenantA1), workspace: { name: 'Workspace A' } } });
    });

    it('tenants entering from the risk subgraph get their fields from our __resolveReference', async () => {
      const token = await suite.app.token(suite.world.users.ownerB);

      const result = await gateway.gql('{ watchlist { name riskScore workspace { name } } }', token);

      expect(result.data?.watchlist).toEqual([
        null,
        null,
        { name: 'Charlie', riskScore: riskScoreOf(suite.world.tenantB1), workspace: { name: 'Workspace B' } },
        null,
      ]);
    });

    it('_entities refuses a tenant of another workspace exactly as it refuses one that does not exist', async () => {
      const token = await suite.app.token(suite.world.users.ownerA);

      const result = await gateway.gql('{ watchlist { name externalTenantId } }', token);

      expect(result.data?.watchlist).toEqual([
        { name: 'Alpha', externalTenantId: 'alpha.example' },
        { name: 'Bravo', externalTenantId: 'bravo.example' },
        null,
        null,
      ]);
      const refusal = { code: 'NOT_FOUND', message: 'Tenant not found.', service: 'tenantgraph' };
      expect(watchlistErrors(result)).toEqual([
        { index: 2, ...refusal },
        { index: 3, ...refusal },
      ]);
      expect(JSON.stringify(result)).not.toMatch(/charlie/i);
    });

    it('_entities answers NOT_FOUND for a tenant of the caller’s workspace not granted to them', async () => {
      const token = await suite.app.token(suite.world.users.operatorA);

      const result = await gateway.gql('{ watchlist { name } }', token);

      expect(result.data?.watchlist).toEqual([{ name: 'Alpha' }, null, null, null]);
      expect(watchlistErrors(result).map(({ index, code }) => [index, code])).toEqual([
        [1, 'NOT_FOUND'],
        [2, 'NOT_FOUND'],
        [3, 'NOT_FOUND'],
      ]);
      expect(JSON.stringify(result)).not.toMatch(/bravo|charlie/i);
    });

    it('the subgraph does not trust the gateway: a call without a token gets UNAUTHENTICATED and no tenant', async () => {
      const result = await gateway.gql(`{ tenant(id: "${suite.world.tenantA1}") { name riskScore } }`);

      expect(result.data?.tenant ?? null).toBeNull();
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    });
  });
});
