/** The two dashboard reads the HTTP benchmark drives: the runs page and the tenants with compare readiness. */
export const RUNS_PAGE = `query RunsPage($workspaceId: ID!) {
  operationRuns(workspaceId: $workspaceId, first: 50) {
    edges {
      cursor
      node {
        id
        type
        status
        outcome
        createdAt
        freshness { state label }
        tenant { id name }
        initiator { id displayName }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const TENANTS_WITH_READINESS = `query TenantsWithReadiness($workspaceId: ID!) {
  workspace(id: $workspaceId) {
    id
    name
    tenants(first: 50) {
      edges {
        node {
          id
          name
          status
          compareReadiness {
            allowed
            reasonCode
            nextAction
            snapshot { id lifecycleState capturedAt }
          }
        }
      }
    }
  }
}`;

export interface BenchQuery {
  name: string;
  document: string;
  /** The statement budget per request, auth included (issue 10). */
  statementTarget: number;
  /** The throughput the query must reach, as a fraction of the anchor's. */
  ratioTarget: number;
}

export const QUERIES: BenchQuery[] = [
  { name: 'runs page', document: RUNS_PAGE, statementTarget: 3, ratioTarget: 0.5 },
  { name: 'tenants with readiness', document: TENANTS_WITH_READINESS, statementTarget: 5, ratioTarget: 0.4 },
];
