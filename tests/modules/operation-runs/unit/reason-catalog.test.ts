import { describe, expect, it } from 'vitest';
import { REASONS } from '../../../../src/app/reasons.js';

/** Every reason code the run service and the reconciler write to a run. */
const RUN_REASON_CODES = [
  'run.stale_queued',
  'run.stale_running',
  'run.infrastructure_timeout_or_abandonment',
  'run.queue_failure_bridge',
  'run.queue_job_lost',
  'run.execution_failed',
];

describe('reason catalog', () => {
  it.each(RUN_REASON_CODES)('%s has an operator label, an explanation and a next step', (code) => {
    expect(REASONS.isKnown(code)).toBe(true);
    const reason = REASONS.describe(code);
    expect(reason.code).toBe(code);
    for (const text of [reason.label, reason.explanation, reason.nextStep]) expect(text.trim().length).toBeGreaterThan(0);
  });

  it('lifecycle reasons use the seed wording', () => {
    expect(RUN_REASON_CODES.slice(0, 4).map((code) => [REASONS.describe(code).label, REASONS.describe(code).explanation])).toEqual([
      ['Run never started', 'The run stayed queued past its lifecycle window and was marked failed.'],
      ['Run stopped reporting progress', 'The run stayed active past its lifecycle window and was marked failed.'],
      ['Infrastructure ended the run', 'Queue infrastructure ended the job before normal completion could update the run.'],
      ['Queue failure was reconciled', 'The platform bridged a queue failure back to the owning run and marked it failed.'],
    ]);
  });

  it('every catalogued reason is complete and listed once', () => {
    const reasons = REASONS.all();
    expect(reasons.map((reason) => reason.code)).toEqual(expect.arrayContaining(RUN_REASON_CODES));
    expect(new Set(reasons.map((reason) => reason.code)).size).toBe(reasons.length);
    for (const reason of reasons) {
      expect(reason.label && reason.explanation && reason.nextStep, reason.code).toBeTruthy();
    }
  });

  it('operator text names no queue internals or exception classes', () => {
    for (const reason of REASONS.all()) {
      expect(`${reason.label} ${reason.explanation} ${reason.nextStep}`, reason.code).not.toMatch(/exception|retry_after|stalled|bee-?queue|stack/i);
    }
  });

  it('an unknown code falls back to a safe generic entry that keeps the code', () => {
    expect(REASONS.isKnown('run.from_a_newer_version')).toBe(false);
    expect(REASONS.describe('run.from_a_newer_version')).toEqual({
      code: 'run.from_a_newer_version',
      label: 'Run needs review',
      explanation: 'The platform recorded a reason this version does not describe.',
      nextStep: 'Review the run details and diagnostics before retrying.',
    });
    expect(REASONS.describe('').label).toBe('Run needs review');
  });
});
