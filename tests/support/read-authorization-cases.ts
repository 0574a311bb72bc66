import { expect } from 'vitest';
import { MEMBERS_OF_A, type AuthorizationCase, type Reach } from './authorization-cases.js';
import type { AuthorizationWorld } from './authorization-world.js';

type Target = (world: AuthorizationWorld) => string;

function queryById(name: string, field: string, reach: Reach, target: Target): AuthorizationCase {
  return {
    name,
    document: `query($id: ID!) { ${field}(id: $id) { id } }`,
    path: [field],
    reach,
    allowed: MEMBERS_OF_A,
    target,
    variables: (_w, id) => ({ id }),
    entitled: (value, w) => expect(value).toEqual({ id: target(w) }),
  };
}

/** Every Query field that takes an id; every member of A holds the view capabilities they need. */
export const QUERY_CASES: AuthorizationCase[] = [
  queryById('workspace(id: A)', 'workspace', 'workspace', (w) => w.workspaceA),
  queryById('tenant(id: A1)', 'tenant', 'grantedTenant', (w) => w.tenantA1),
  queryById('tenant(id: A2)', 'tenant', 'siblingTenant', (w) => w.tenantA2),
  queryById('baselineProfile(id: profile of A)', 'baselineProfile', 'workspace', (w) => w.profileA),
  queryById('baselineSnapshot(id: snapshot of A)', 'baselineSnapshot', 'workspace', (w) => w.snapshotA),
  queryById('operationRun(id: run on A1)', 'operationRun', 'grantedTenant', (w) => w.runA1),
  queryById('operationRun(id: run on A2)', 'operationRun', 'siblingTenant', (w) => w.runA2),
  {
    name: 'operationRuns(workspaceId: A)',
    document: `query($id: ID!) { operationRuns(workspaceId: $id) { edges { node { workspace { id } } } } }`,
    path: ['operationRuns'],
    reach: 'workspace',
    allowed: MEMBERS_OF_A,
    target: (w) => w.workspaceA,
    variables: (_w, id) => ({ id }),
    entitled: (value, w) => {
      expect(value.edges.length).toBeGreaterThan(0);
      for (const edge of value.edges) expect(edge.node.workspace.id).toBe(w.workspaceA);
    },
  },
];

export const ENTITIES_QUERY = `query($r: [_Any!]!) {
  _entities(representations: $r) {
    __typename
    ... on Workspace { id }
    ... on Tenant { id }
    ... on BaselineProfile { id }
    ... on BaselineSnapshot { id }
    ... on OperationRun { id }
  }
}`;

function entity(typename: string, label: string, reach: Reach, target: Target): AuthorizationCase {
  return {
    name: `_entities ${typename} (${label})`,
    document: ENTITIES_QUERY,
    path: ['_entities', 0],
    reach,
    allowed: MEMBERS_OF_A,
    target,
    variables: (_w, id) => ({ r: [{ __typename: typename, id }] }),
    entitled: (value, w) => expect(value).toEqual({ __typename: typename, id: target(w) }),
  };
}

/** Every entity type with a `@key`, resolved the way a federation gateway asks for it. */
export const ENTITY_CASES: AuthorizationCase[] = [
  entity('Workspace', 'A', 'workspace', (w) => w.workspaceA),
  entity('Tenant', 'A1', 'grantedTenant', (w) => w.tenantA1),
  entity('Tenant', 'A2', 'siblingTenant', (w) => w.tenantA2),
  entity('BaselineProfile', 'profile of A', 'workspace', (w) => w.profileA),
  entity('BaselineSnapshot', 'snapshot of A', 'workspace', (w) => w.snapshotA),
  entity('OperationRun', 'run on A1', 'grantedTenant', (w) => w.runA1),
  entity('OperationRun', 'run on A2', 'siblingTenant', (w) => w.runA2),
];
