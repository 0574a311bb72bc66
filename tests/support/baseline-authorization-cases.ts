import { expect } from 'vitest';
import { MANAGERS, MEMBERS_OF_A, onBothTenants, type ActorName, type AuthorizationCase, type Reach } from './authorization-cases.js';
import type { AuthorizationWorld } from './authorization-world.js';

/** tenant.compare.start */
export const COMPARE_STARTERS: readonly ActorName[] = ['ownerA', 'managerA', 'operatorA'];

const START_CAPTURE = `mutation($p: ID!, $t: ID!) {
  startBaselineCapture(profileId: $p, sourceTenantId: $t) {
    __typename
    ... on CaptureStarted { created run { type status tenant { id } } }
    ... on CaptureBlocked { reason { code } }
  }
}`;

const START_COMPARE = `mutation($t: ID!) {
  startBaselineCompare(tenantId: $t) {
    __typename
    ... on CompareStarted { created snapshot { id } run { type status tenant { id } } }
    ... on CompareBlocked { availability { reasonCode } }
  }
}`;

/** Capture needs `baselines.manage` and entitlement to the source tenant; compare needs `tenant.compare.start` on the tenant. */
export const START_CASES: AuthorizationCase[] = [
  ...onBothTenants((tenant, reach) => ({
    name: `startBaselineCapture of profile A from ${tenant}`,
    document: START_CAPTURE,
    path: ['startBaselineCapture'],
    reach,
    allowed: MANAGERS,
    target: (w) => w[tenant],
    variables: (w, id) => ({ p: w.profileA, t: id }),
    entitled: (value, w) =>
      expect(value).toEqual({ __typename: 'CaptureStarted', created: true, run: { type: 'baseline_capture', status: 'QUEUED', tenant: { id: w[tenant] } } }),
  })),
  ...onBothTenants((tenant, reach) => ({
    name: `startBaselineCompare of ${tenant}`,
    document: START_COMPARE,
    path: ['startBaselineCompare'],
    reach,
    allowed: COMPARE_STARTERS,
    target: (w) => w[tenant],
    variables: (_w, id) => ({ t: id }),
    entitled: (value, w) =>
      expect(value).toEqual({
        __typename: 'CompareStarted',
        created: true,
        snapshot: { id: w.snapshotA },
        run: { type: 'baseline_compare', status: 'QUEUED', tenant: { id: w[tenant] } },
      }),
  })),
];

function read(
  name: string,
  document: string,
  path: (string | number)[],
  reach: Reach,
  target: (w: AuthorizationWorld) => string,
  entitled: AuthorizationCase['entitled'],
): AuthorizationCase {
  return { name, document, path, reach, allowed: MEMBERS_OF_A, target, variables: (_w, id) => ({ id }), entitled };
}

const ENTITIES = `query($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on BaselineSnapshot { id truth consumable }
    ... on BaselineProfile { id effectiveSnapshot { id } }
    ... on Tenant { id findings { edges { node { subjectExternalId } } } }
  }
}`;

function entity(
  typename: string,
  label: string,
  reach: Reach,
  target: (w: AuthorizationWorld) => string,
  entitled: AuthorizationCase['entitled'],
): AuthorizationCase {
  return {
    ...read(`_entities ${typename} (${label})`, ENTITIES, ['_entities', 0], reach, target, entitled),
    variables: (_w, id) => ({ r: [{ __typename: typename, id }] }),
  };
}

/** Baseline reads with their truth fields; every member of A holds `baselines.view`. The findings are `finding-A1` and `finding-A2`. */
export const READ_CASES: AuthorizationCase[] = [
  read(
    'baselineSnapshot(id: snapshot of A) with its truth',
    `query($id: ID!) { baselineSnapshot(id: $id) { id truth consumable usabilityLabel reason { code } } }`,
    ['baselineSnapshot'],
    'workspace',
    (w) => w.snapshotA,
    (value, w) => expect(value).toEqual({ id: w.snapshotA, truth: 'CURRENT', consumable: true, usabilityLabel: 'Current baseline', reason: null }),
  ),
  read(
    'baselineProfile(id: profile of A) with effective snapshot and readiness',
    `query($id: ID!) { baselineProfile(id: $id) { id effectiveSnapshot { id } latestAttemptedSnapshot { id } compareReadiness { allowed } } }`,
    ['baselineProfile'],
    'workspace',
    (w) => w.profileA,
    (value, w) =>
      expect(value).toEqual({
        id: w.profileA,
        effectiveSnapshot: { id: w.snapshotA },
        latestAttemptedSnapshot: { id: w.snapshotA },
        compareReadiness: { allowed: true },
      }),
  ),
  entity(
    'BaselineSnapshot',
    'snapshot of A',
    'workspace',
    (w) => w.snapshotA,
    (value, w) => expect(value).toEqual({ id: w.snapshotA, truth: 'CURRENT', consumable: true }),
  ),
  entity(
    'BaselineProfile',
    'profile of A',
    'workspace',
    (w) => w.profileA,
    (value, w) => expect(value).toEqual({ id: w.profileA, effectiveSnapshot: { id: w.snapshotA } }),
  ),
  ...onBothTenants((tenant, reach) =>
    read(
      `tenant(id: ${tenant}).findings`,
      `query($id: ID!) { tenant(id: $id) { id findings { edges { node { subjectExternalId } } } compareReadiness { allowed } } }`,
      ['tenant'],
      reach,
      (w) => w[tenant],
      (value, w) =>
        expect(value).toEqual({
          id: w[tenant],
          findings: { edges: [{ node: { subjectExternalId: `finding-${tenant.slice(-2)}` } }] },
          compareReadiness: { allowed: true },
        }),
    ),
  ),
  ...onBothTenants((tenant, reach) =>
    entity(
      'Tenant',
      `${tenant} with findings`,
      reach,
      (w) => w[tenant],
      (value, w) => expect(value).toEqual({ id: w[tenant], findings: { edges: [{ node: { subjectExternalId: `finding-${tenant.slice(-2)}` } }] } }),
    ),
  ),
];
