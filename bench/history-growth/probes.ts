import type pg from 'pg';
import { encodeCursor } from '../../src/platform/cursor.js';
import type { Runtime } from '../../src/platform/runtime.js';
import type { HistoryWorld } from './history-seed.js';

/** One thing a dashboard or an operator does, run once per sample; it throws when the answer is wrong. */
export interface Probe {
  name: string;
  run(): Promise<void>;
}

export interface ProbeTarget {
  url: string;
  runtime: Runtime;
  world: HistoryWorld;
  ownerToken: string;
  operatorToken: string;
}

/** The dashboard's run fields (public/dashboard.js). */
const RUN_FIELDS = `
  id type createdAt
  tenant { name }
  status outcome
  statusPresentation { label tone }
  outcomePresentation { label tone }
  freshness { state label }
  summaryCounts { key value }
  reason { label }
  reconciliation { reasonLabel }`;

const RUNS = `query($ws: ID!, $filter: OperationRunFilter, $after: String) {
  operationRuns(workspaceId: $ws, filter: $filter, first: 50, after: $after) { eventCursor edges { node { ${RUN_FIELDS} } } pageInfo { hasNextPage } }
}`;

const TENANTS = `query($ws: ID!) {
  workspace(id: $ws) { tenants(first: 50) { edges { node {
    id name status
    assignedBaselineProfile { id name }
    compareReadiness { allowed reasonCode nextAction snapshot { id capturedAt } effectiveSnapshot { id } latestAttemptedSnapshot { id lifecycleState } }
    lastCompareRun { id status outcome createdAt completedAt freshness { state } outcomePresentation { label tone } }
  } } } }
}`;

const PROFILES = `query($ws: ID!) {
  workspace(id: $ws) { baselineProfiles(first: 50) { edges { node {
    id name status
    effectiveSnapshot { id capturedAt completedAt }
    latestAttemptedSnapshot { id lifecycleState capturedAt }
    compareReadiness { allowed reasonCode nextAction }
  } } } }
}`;

const SUMMARY = `query($ws: ID!) {
  operationLifecycleSummary(workspaceId: $ws) { likelyStale reconciled reconciledByType { key count } reconciledBySource { key count } }
}`;

const FINDINGS = `query($tenant: ID!) {
  tenant(id: $tenant) { findings(first: 50) { edges { node {
    id kind severity status displayName policyType firstSeenAt lastSeenAt
    snapshot { id truth } lastSeenRun { id status createdAt }
  } } } }
}`;

const SNAPSHOTS = `query($profile: ID!) {
  baselineProfile(id: $profile) { snapshots(first: 50) { edges { node {
    id capturedAt completedAt failedAt lifecycleState lifecyclePresentation { label tone } truth consumable usabilityLabel itemCount
    reason { label } producerRun { id status outcome }
  } } } }
}`;

async function graphql(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL error: ${body.errors?.[0]?.message ?? `HTTP ${response.status}`}`);
  return body.data;
}

function expect(condition: boolean, what: string): void {
  if (!condition) throw new Error(`Unexpected answer: ${what}`);
}

/** The id of the run `offset` places down the measured workspace's runs page (newest first). */
async function runAt(client: pg.PoolClient, workspaceId: string, offset: number): Promise<string> {
  const { rows } = await client.query<{ id: string }>('select id from operation_runs where workspace_id = $1 order by id desc offset $2 limit 1', [
    workspaceId,
    offset,
  ]);
  if (!rows[0]) throw new Error(`The workspace has no run at offset ${offset}.`);
  return rows[0].id;
}

/**
 * The probes, in print order. `deepOffset` is how far down the runs page the deep-page probe
 * starts; it must lie within the smallest history, so both sizes page from the same run.
 */
export async function createProbes(target: ProbeTarget, client: pg.PoolClient, deepOffset: number): Promise<Probe[]> {
  const { url, world, ownerToken, operatorToken } = target;
  const [measured, , fresh] = world.workspaces;
  const ws = measured!.id;
  const busyTenant = measured!.tenantIds[0]!;
  const deepCursor = encodeCursor('operationRuns', [await runAt(client, ws, deepOffset)]);
  const runs = (name: string, token: string, variables: Record<string, unknown>, check: (edges: { node: Record<string, any> }[]) => boolean): Probe => ({
    name,
    async run() {
      const data = await graphql(url, token, RUNS, { ws, ...variables });
      expect(check(data.operationRuns.edges), name);
    },
  });
  const full = (edges: unknown[]) => edges.length === 50;
  return [
    runs('runs page (dashboard fields)', ownerToken, {}, full),
    runs('runs page after the deep cursor', ownerToken, { after: deepCursor }, full),
    runs(
      'runs of one tenant',
      ownerToken,
      { filter: { tenantId: [busyTenant] } },
      (edges) => edges.length > 0 && edges.every((edge) => edge.node.tenant.name === 'Tenant 0000'),
    ),
    runs(
      'runs of one type (capture)',
      ownerToken,
      { filter: { type: ['baseline_capture'] } },
      (edges) => edges.length > 0 && edges.every((edge) => edge.node.type === 'baseline_capture'),
    ),
    runs(
      'runs active (queued, running)',
      ownerToken,
      { filter: { status: ['QUEUED', 'RUNNING'] } },
      (edges) => edges.length > 0 && edges.every((edge) => edge.node.status !== 'COMPLETED'),
    ),
    runs(
      'runs likely stale',
      ownerToken,
      { filter: { freshness: ['LIKELY_STALE'] } },
      (edges) => edges.length > 0 && edges.every((edge) => edge.node.freshness.state === 'LIKELY_STALE'),
    ),
    runs('runs failed', ownerToken, { filter: { outcome: ['FAILED'] } }, (edges) => edges.length > 0 && edges.every((edge) => edge.node.outcome === 'FAILED')),
    runs(
      'runs reconciled',
      ownerToken,
      { filter: { reconciled: true } },
      (edges) => edges.length > 0 && edges.every((edge) => edge.node.reconciliation !== null),
    ),
    runs('runs page of an operator (5 tenants)', operatorToken, {}, (edges) => edges.length > 0),
    {
      name: 'runs page of a new workspace (30 runs)',
      async run() {
        const data = await graphql(url, ownerToken, RUNS, { ws: fresh!.id });
        expect(data.operationRuns.edges.length === 30, "the new workspace's 30 runs");
      },
    },
    {
      name: 'tenants with compareReadiness, lastCompareRun',
      async run() {
        const data = await graphql(url, ownerToken, TENANTS, { ws });
        const nodes = data.workspace.tenants.edges.map((edge: { node: Record<string, any> }) => edge.node);
        expect(nodes.length === 50, 'a full page of tenants');
        expect(
          nodes.some((node: Record<string, any>) => node.lastCompareRun === null) && nodes.some((node: Record<string, any>) => node.lastCompareRun !== null),
          'tenants with and without a compare',
        );
      },
    },
    {
      name: 'baseline profiles with readiness',
      async run() {
        const data = await graphql(url, ownerToken, PROFILES, { ws });
        expect(
          data.workspace.baselineProfiles.edges.every((edge: { node: Record<string, any> }) => edge.node.effectiveSnapshot !== null),
          'every profile has an effective snapshot',
        );
      },
    },
    {
      name: 'operationLifecycleSummary',
      async run() {
        const data = await graphql(url, ownerToken, SUMMARY, { ws });
        expect(data.operationLifecycleSummary.reconciled > 0, 'reconciled runs counted');
      },
    },
    {
      name: 'findings of a tenant',
      async run() {
        const data = await graphql(url, ownerToken, FINDINGS, { tenant: busyTenant });
        expect(data.tenant.findings.edges.length === 25, "the tenant's 25 findings");
      },
    },
    {
      name: 'snapshots of a profile',
      async run() {
        const data = await graphql(url, ownerToken, SNAPSHOTS, { profile: measured!.profileIds[0] });
        expect(data.baselineProfile.snapshots.edges.length > 0, 'snapshots listed');
      },
    },
    {
      name: 'GET /metrics',
      async run() {
        const response = await fetch(url.replace(/\/graphql$/, '/metrics'));
        const text = await response.text();
        expect(response.ok && text.includes('tenantgraph_runs_active{'), 'run gauges in the scrape');
      },
    },
    {
      name: 'reconciler pass (dry run)',
      async run() {
        const report = await target.runtime.reconciler.reconcile({ dryRun: true, trigger: 'cli' });
        expect(report.inspected > 0, 'candidates inspected');
      },
    },
  ];
}
