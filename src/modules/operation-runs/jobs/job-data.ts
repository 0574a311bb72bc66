/** Everything a queued job carries: which run, and which attempt of it. Nothing else. */
export interface RunJobData {
  runId: string;
  attemptId: string;
}
