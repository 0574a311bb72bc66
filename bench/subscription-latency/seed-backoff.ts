/**
 * The seed product's refresh schedule (`ops-ux-progress-widget-poller.js`): after each refresh has
 * completed, the widget waits 30 s while no run is active; while runs are active it waits 1 s for
 * the first 10 s of activity, 5 s until 60 s, then 10 s. Activity age counts whole seconds from the
 * first refresh that found active runs and resets when none are active. (Its `fastUntilMs` is never
 * set in the seed, and a hidden page or open modal only pauses it, so neither is modelled.)
 */
export class SeedBackoff {
  private activeSinceMs: number | null = null;

  /** The wait before the next refresh, decided when a refresh completes at `nowMs`. */
  next(hasActiveRuns: boolean, nowMs: number): number {
    if (!hasActiveRuns) {
      this.activeSinceMs = null;
      return IDLE_INTERVAL_MS;
    }
    this.activeSinceMs ??= nowMs;
    const ageSeconds = Math.floor((nowMs - this.activeSinceMs) / 1000);
    if (ageSeconds < 10) return 1_000;
    if (ageSeconds < 60) return 5_000;
    return 10_000;
  }
}

export const IDLE_INTERVAL_MS = 30_000;
