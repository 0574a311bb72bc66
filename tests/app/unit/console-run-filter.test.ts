import { describe, expect, it } from 'vitest';
import { ANY_RUN, matchesRunFilter, toApiFilter } from '../../../client/console/run-filter.js';
import { runRow } from '../../support/console-rows.js';

describe("the console's run filter", () => {
  it('matches every run when nothing is chosen', () => {
    expect(matchesRunFilter(runRow({ tenant: null }), ANY_RUN)).toBe(true);
  });

  it.each([
    ['tenant', { tenantId: 'tenant-2' }],
    ['type', { type: 'baseline_compare' }],
    ['status', { status: 'QUEUED' as const }],
    ['freshness', { freshness: 'LIKELY_STALE' as const }],
  ])('leaves out a run of another %s, and keeps it when that %s is chosen', (_dimension, chosen) => {
    const run = runRow();
    expect(matchesRunFilter(run, { ...ANY_RUN, ...chosen })).toBe(false);
    const matching = { tenantId: 'tenant-1', type: 'baseline_capture', status: 'RUNNING', freshness: 'FRESH_ACTIVE' } as const;
    const key = Object.keys(chosen)[0] as keyof typeof matching;
    expect(matchesRunFilter(run, { ...ANY_RUN, [key]: matching[key] })).toBe(true);
  });

  it('a workspace-level run (no tenant) is left out once a tenant is chosen', () => {
    expect(matchesRunFilter(runRow({ tenant: null }), { ...ANY_RUN, tenantId: 'tenant-1' })).toBe(false);
  });

  it('a run that completes stops matching a filter on running runs (it leaves the live view)', () => {
    const filter = { ...ANY_RUN, status: 'RUNNING' as const };
    expect(matchesRunFilter(runRow(), filter)).toBe(true);
    expect(matchesRunFilter(runRow({ status: 'COMPLETED', outcome: 'SUCCEEDED' }), filter)).toBe(false);
  });

  it('asks the API for the same runs: one value per chosen dimension, null for the others', () => {
    expect(toApiFilter({ tenantId: 't', type: null, status: 'COMPLETED', freshness: 'RECONCILED_FAILED' })).toEqual({
      tenantId: ['t'],
      type: null,
      status: ['COMPLETED'],
      freshness: ['RECONCILED_FAILED'],
    });
    expect(toApiFilter(ANY_RUN)).toEqual({ tenantId: null, type: null, status: null, freshness: null });
  });
});
