import { beforeAll, describe, expect, it } from 'vitest';
import { createBaselineBulk, type BaselineBulk } from '../../../support/baseline-bulk.js';
import { freshToken } from '../../../support/fresh-token.js';
import { countQueries, type GqlResult } from '../../../support/test-app.js';
import { useApp } from '../../../support/use-app.js';

const PAGE = 50;

const PROFILES = `query($id: ID!, $first: Int) {
  workspace(id: $id) {
    baselineProfiles(first: $first) {
      edges { node {
        id
        effectiveSnapshot { id lifecycleState }
        latestAttemptedSnapshot { id lifecycleState }
        compareReadiness { allowed reasonCode nextAction snapshot { id } }
      } }
    }
  }
}`;

const TENANTS = `query($id: ID!, $first: Int) {
  workspace(id: $id) {
    tenants(first: $first) {
      edges { node {
        id
        assignedBaselineProfile { id }
        compareReadiness { allowed reasonCode snapshot { id } }
        lastCompareRun { id status }
      } }
    }
  }
}`;

const SNAPSHOTS = `query($id: ID!, $first: Int) {
  baselineProfile(id: $id) {
    snapshots(first: $first) { edges { node { id lifecycleState truth itemCount } } }
  }
}`;

/**
 * Statements per page, whatever its size; each page starts with the actor (one statement: a token
 * the API has not seen yet). Profiles: workspace, page, effective and latest-attempted snapshots
 * (one statement, which also holds the readiness snapshot). Tenants: workspace, page with
 * assignments and profiles, last compare run ids and rows, effective and latest-attempted
 * snapshots. Snapshots: profile, page, effective snapshot, item counts.
 */
const BOUNDS = { profiles: 4, tenants: 6, snapshots: 5 };

describe('SQL statements per page of baseline truth (no N+1)', () => {
  const suite = useApp();
  let bulk: BaselineBulk;
  let ownerId: string;

  beforeAll(async () => {
    ownerId = suite.world.users.ownerB;
    bulk = await createBaselineBulk(suite.app.em(), suite.world.users.ownerB, PAGE + 10);
  });

  async function measure(query: string, id: string, first: number) {
    let result: GqlResult<any> | undefined;
    const token = await freshToken(suite.app, ownerId);
    const { count } = await countQueries(suite.app.orm, async () => {
      result = await suite.app.gql(query, { id, first }, token);
    });
    expect(result!.errors).toBeUndefined();
    return { data: result!.data, count };
  }

  it(`a page of ${PAGE} profiles with effective and latest attempted snapshots and compare readiness costs the same statements as a page of 5`, async () => {
    const large = await measure(PROFILES, bulk.workspaceId, PAGE);
    const small = await measure(PROFILES, bulk.workspaceId, 5);

    const nodes = large.data.workspace.baselineProfiles.edges.map((edge: any) => edge.node);
    expect(nodes).toHaveLength(PAGE);
    const [history, ...profiles] = nodes;
    expect(history.id).toBe(bulk.historyProfile);
    profiles.forEach((node: any, i: number) => {
      expect(node).toEqual({
        id: bulk.profiles[i],
        effectiveSnapshot: { id: bulk.effective[i], lifecycleState: 'COMPLETE' },
        latestAttemptedSnapshot: { id: bulk.building[i], lifecycleState: 'BUILDING' },
        compareReadiness: { allowed: true, reasonCode: null, nextAction: 'Compare now', snapshot: { id: bulk.effective[i] } },
      });
    });
    expect(small.data.workspace.baselineProfiles.edges).toHaveLength(5);

    expect(large.count).toBeLessThanOrEqual(BOUNDS.profiles);
    expect(small.count).toBe(large.count);
  });

  it(`a page of ${PAGE} tenants with compare readiness, last compare run and assigned profile costs the same statements as a page of 5`, async () => {
    const large = await measure(TENANTS, bulk.workspaceId, PAGE);
    const small = await measure(TENANTS, bulk.workspaceId, 5);

    const nodes = large.data.workspace.tenants.edges.map((edge: any) => edge.node);
    expect(nodes).toHaveLength(PAGE);
    nodes.forEach((node: any, i: number) => {
      expect(node).toEqual({
        id: bulk.tenants[i],
        assignedBaselineProfile: { id: bulk.profiles[i] },
        compareReadiness: { allowed: true, reasonCode: null, snapshot: { id: bulk.effective[i] } },
        lastCompareRun: { id: bulk.compareRuns[i], status: 'COMPLETED' },
      });
    });
    expect(small.data.workspace.tenants.edges).toHaveLength(5);

    expect(large.count).toBeLessThanOrEqual(BOUNDS.tenants);
    expect(small.count).toBe(large.count);
  });

  it(`a page of ${PAGE} snapshots with truth and item count costs the same statements as a page of 5`, async () => {
    const large = await measure(SNAPSHOTS, bulk.historyProfile, PAGE);
    const small = await measure(SNAPSHOTS, bulk.historyProfile, 5);

    const nodes = large.data.baselineProfile.snapshots.edges.map((edge: any) => edge.node);
    expect(nodes).toHaveLength(PAGE);
    const current = nodes.filter((node: any) => node.truth === 'CURRENT');
    expect(current).toHaveLength(1);
    expect(current[0].lifecycleState).toBe('COMPLETE');
    expect(nodes.filter((node: any) => node.truth === 'SUPERSEDED').every((node: any) => node.lifecycleState === 'COMPLETE')).toBe(true);
    expect(nodes.filter((node: any) => node.lifecycleState !== 'COMPLETE').every((node: any) => node.truth === 'NOT_USABLE')).toBe(true);
    expect(new Set(nodes.map((node: any) => node.itemCount))).toEqual(new Set([1, 2, 3]));
    expect(small.data.baselineProfile.snapshots.edges).toHaveLength(5);

    expect(large.count).toBeLessThanOrEqual(BOUNDS.snapshots);
    expect(small.count).toBe(large.count);
  });
});
