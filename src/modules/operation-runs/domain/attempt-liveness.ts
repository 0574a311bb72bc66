/**
 * Whether an attempt that already began is still executing somewhere, judged from its last
 * heartbeat when its job is delivered again. A worker that died was redelivered by Bee-Queue's
 * stall check: its last heartbeat is then at least a stall interval old. A heartbeat younger than
 * half the stall interval means a worker still runs the attempt (the job was queued twice, e.g.
 * re-enqueued around a Redis flush, or its lock lapsed during a Redis blip while the worker kept
 * working), so the new delivery is a duplicate, not proof of death.
 */
export function attemptStillAlive(lastHeartbeatAt: Date | null | undefined, now: Date, stallIntervalSeconds: number): boolean {
  if (!lastHeartbeatAt) return false;
  return now.getTime() - lastHeartbeatAt.getTime() < (stallIntervalSeconds * 1000) / 2;
}
