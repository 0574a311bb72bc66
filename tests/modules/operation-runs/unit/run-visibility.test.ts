import { describe, expect, it } from 'vitest';
import { visibleRunsCondition, visibleRunsSql } from '../../../../src/modules/operation-runs/services/run-visibility.js';

describe('run visibility, the one rule for which runs of a workspace a caller sees', () => {
  it('filters nothing for a caller who sees every tenant', () => {
    expect(visibleRunsCondition('all')).toBeNull();
    expect(visibleRunsSql('all')).toEqual({ clause: '', params: [] });
  });

  it('keeps runs of no tenant and of the visible tenants', () => {
    expect(visibleRunsCondition(new Set(['t1', 't2']))).toEqual({ $or: [{ tenant: null }, { tenant: { $in: ['t1', 't2'] } }] });
    expect(visibleRunsSql(['t1', 't2'], 'r.tenant_id')).toEqual({ clause: ' and (r.tenant_id is null or r.tenant_id in (?, ?))', params: ['t1', 't2'] });
  });

  it('keeps only runs of no tenant for a caller who sees no tenant', () => {
    expect(visibleRunsCondition([])).toEqual({ $or: [{ tenant: null }, { tenant: { $in: [] } }] });
    expect(visibleRunsSql([])).toEqual({ clause: ' and (tenant_id is null or tenant_id in (null))', params: [] });
  });
});
