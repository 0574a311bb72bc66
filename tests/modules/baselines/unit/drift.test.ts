import { describe, expect, it } from 'vitest';
import { classifyDrift, driftSeverity, findingScopeKey } from '../../../../src/modules/baselines/domain/drift.js';

describe('drift of one subject against its baseline', () => {
  it.each([
    ['in the baseline but absent from the tenant', 'h1', null, 'missing'],
    ['in the tenant but not in the baseline', null, 'h1', 'unexpected'],
    ['in both with different content', 'h1', 'h2', 'different'],
    ['in both with the same content', 'h1', 'h1', null],
    ['in neither', null, null, null],
  ])('a subject %s is %s', (_name, baselineHash, currentHash, kind) => {
    expect(classifyDrift(baselineHash, currentHash)).toBe(kind);
  });

  it('a missing required setting weighs most, a changed one less, an extra one least', () => {
    expect([driftSeverity('missing'), driftSeverity('different'), driftSeverity('unexpected')]).toEqual(['high', 'medium', 'low']);
  });

  it('findings are scoped per baseline profile', () => {
    expect(findingScopeKey('0195a1b2-0000-7000-8000-000000000001')).toBe('baseline_profile:0195a1b2-0000-7000-8000-000000000001');
    expect(findingScopeKey('p1')).not.toBe(findingScopeKey('p2'));
  });
});
