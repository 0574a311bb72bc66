import { describe, expect, it } from 'vitest';
import { attemptStillAlive } from '../../../../src/modules/operation-runs/domain/attempt-liveness.js';

const now = new Date('2026-12-01T12:00:00.000Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('attempt liveness when a job is delivered again', () => {
  it('an attempt whose heartbeat is younger than half the stall interval still runs elsewhere (the delivery is a duplicate)', () => {
    expect(attemptStillAlive(ago(0), now, 30)).toBe(true);
    expect(attemptStillAlive(ago(14.9), now, 30)).toBe(true);
  });

  it('an attempt silent for half the stall interval or longer is taken for dead, as a stalled redelivery after a worker death always is', () => {
    expect(attemptStillAlive(ago(15), now, 30)).toBe(false);
    expect(attemptStillAlive(ago(30), now, 30)).toBe(false);
  });

  it('an attempt that never heartbeated is taken for dead', () => {
    expect(attemptStillAlive(null, now, 30)).toBe(false);
  });
});
