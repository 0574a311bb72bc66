import { IDLE_INTERVAL_MS, SeedBackoff } from './seed-backoff.js';

export interface StalenessModelInput {
  pages: number;
  /** How long the activity lasts: transitions at `perSecond` from 0 to `horizonMs`. */
  horizonMs: number;
  perSecond: number;
  /** How long one refresh takes to be answered (measured). */
  answerMs: number;
}

/** Staleness samples (ms) of the transitions committed in one window of the activity. */
export interface StalenessWindow {
  label: string;
  fromMs: number;
  toMs: number;
  samples: number[];
}

/**
 * What pages refreshing on the seed's schedule would show, computed rather than waited for: an
 * activity begins at 0 and commits transitions at a steady rate until `horizonMs`. Before it
 * every page was idle, refreshing every 30 s at its own random phase. A refresh shows the
 * transitions committed before it was sent, once its answer arrives `answerMs` later; the next
 * refresh is scheduled from the answer, as the seed does. Staleness = answer − commit of the
 * first refresh that shows a transition, per page and transition, grouped by when it committed.
 */
export function modelStaleness(input: StalenessModelInput): StalenessWindow[] {
  const windows: StalenessWindow[] = [
    { label: 'first 10 s of activity', fromMs: 0, toMs: 10_000, samples: [] },
    { label: '10-60 s', fromMs: 10_000, toMs: 60_000, samples: [] },
    { label: `60-${Math.round(input.horizonMs / 1000)} s`, fromMs: 60_000, toMs: input.horizonMs, samples: [] },
  ].filter((window) => window.fromMs < input.horizonMs);
  const stepMs = 1000 / input.perSecond;
  const commits = Array.from({ length: Math.ceil(input.horizonMs / stepMs) }, (_, index) => index * stepMs);
  for (let page = 0; page < input.pages; page++) {
    const backoff = new SeedBackoff();
    let sentAt = Math.random() * (IDLE_INTERVAL_MS + input.answerMs);
    let next = 0;
    while (next < commits.length) {
      const answeredAt = sentAt + input.answerMs;
      while (next < commits.length && commits[next]! <= sentAt) {
        const committedAt = commits[next]!;
        windows.find((window) => committedAt >= window.fromMs && committedAt < window.toMs)?.samples.push(answeredAt - committedAt);
        next++;
      }
      sentAt = answeredAt + backoff.next(true, answeredAt);
    }
  }
  return windows;
}
