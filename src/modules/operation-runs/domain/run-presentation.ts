import type { FreshnessState } from './freshness.js';
import type { RunOutcome, RunStatus } from './run-states.js';

export const TONES = ['neutral', 'info', 'success', 'warning', 'danger'] as const;
export type Tone = (typeof TONES)[number];

export interface Presentation {
  label: string;
  tone: Tone;
}

/** The status badge: a likely-stale active run never reads as normally active. */
export function presentStatus(status: RunStatus, freshness: FreshnessState): Presentation {
  if (status !== 'completed' && freshness === 'likely_stale') return { label: 'Likely stale', tone: 'warning' };
  switch (status) {
    case 'queued':
      return { label: 'Queued', tone: 'neutral' };
    case 'running':
      return { label: 'Running', tone: 'info' };
    case 'completed':
      return { label: 'Completed', tone: 'neutral' };
  }
}

/** The outcome badge: a reconciled failure reads "Reconciled failed", distinct from a normal failure. */
export function presentOutcome(outcome: RunOutcome, freshness: FreshnessState): Presentation {
  if (outcome === 'failed' && freshness === 'reconciled_failed') return { label: 'Reconciled failed', tone: 'danger' };
  switch (outcome) {
    case 'pending':
      return { label: freshness === 'likely_stale' ? 'No recent progress' : 'In progress', tone: freshness === 'likely_stale' ? 'warning' : 'info' };
    case 'succeeded':
      return { label: 'Succeeded', tone: 'success' };
    case 'partially_succeeded':
      return { label: 'Partially succeeded', tone: 'warning' };
    case 'blocked':
      return { label: 'Blocked', tone: 'warning' };
    case 'failed':
      return { label: 'Failed', tone: 'danger' };
  }
}

const FRESHNESS_LABELS: Record<FreshnessState, string> = {
  fresh_active: 'Fresh activity',
  likely_stale: 'Likely stale',
  reconciled_failed: 'Automatically reconciled',
  terminal_normal: 'Terminal truth confirmed',
  unknown: 'Freshness unknown',
};

export function freshnessLabel(state: FreshnessState): string {
  return FRESHNESS_LABELS[state];
}

/** The operator-facing name of each known run type; other types read as their type string. */
export const RUN_TYPE_LABELS: Readonly<Record<string, string>> = {
  baseline_capture: 'Baseline capture',
  baseline_compare: 'Baseline compare',
  inventory_sync: 'Inventory sync',
  'test.noop': 'Diagnostic run',
};

export function runTypeLabel(type: string): string {
  return RUN_TYPE_LABELS[type] ?? type;
}
