import type { TestApp } from './test-app.js';

/**
 * Moves every timestamp of a run `seconds` into the past, as if it had been created (and had last
 * heartbeated) that long ago. Fixture data: staleness then follows from the policy and the clock
 * without a test sleeping through real thresholds.
 */
export async function backdateRun(app: TestApp, runId: string, seconds: number): Promise<void> {
  await app
    .em()
    .getConnection()
    .execute(
      `update operation_runs
          set created_at = created_at - make_interval(secs => ?),
              updated_at = updated_at - make_interval(secs => ?),
              started_at = started_at - make_interval(secs => ?),
              attempt_started_at = attempt_started_at - make_interval(secs => ?),
              last_heartbeat_at = last_heartbeat_at - make_interval(secs => ?)
        where id = ?`,
      [seconds, seconds, seconds, seconds, seconds, runId],
    );
}
