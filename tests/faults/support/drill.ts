import { expect } from 'vitest';
import { BaselineSnapshotSchema } from '../../../src/modules/baselines/entities/baseline-snapshot.js';
import { OperationRunSchema, type OperationRun } from '../../../src/modules/operation-runs/entities/operation-run.js';
import type { TestApp } from '../../support/test-app.js';
import { waitFor } from '../../support/wait-for.js';
import type { ResumingRunSubscriber } from './resuming-subscriber.js';

/** Generous: drills run on a loaded 2-core machine; what ended a run is asserted, never how fast. */
export const TERMINAL_DEADLINE_MS = 90_000;

/**
 * Times one drill: from the moment of the fault to each run's terminal truth (its `completedAt`),
 * printed as `[drill] <name>: <what> <seconds> s after <fault>` for the closing note.
 */
export class DrillClock {
  private faultAt = 0;

  constructor(
    private readonly drill: string,
    private readonly fault: string,
  ) {}

  /** Marks the fault; call right before breaking something. */
  start(): void {
    this.faultAt = Date.now();
  }

  /** Waits for the run to end (reading through database outages) and prints how long after the fault it reached terminal truth. */
  async terminal(app: TestApp, runId: string, what: string): Promise<OperationRun> {
    const run = await waitFor(
      async () => {
        const current = await app
          .em()
          .findOne(OperationRunSchema, { id: runId })
          .catch(() => null);
        return current?.status === 'completed' ? current : undefined;
      },
      TERMINAL_DEADLINE_MS,
      100,
      `run ${runId} (${what}) to reach terminal truth`,
    );
    const seconds = (run.completedAt!.getTime() - this.faultAt) / 1000;
    console.log(
      `[drill] ${this.drill}: ${what} terminal ${seconds.toFixed(1)} s after ${this.fault} (${run.outcome}${run.reasonCode ? `, ${run.reasonCode}` : ''})`,
    );
    return run;
  }
}

/**
 * What every drill ends with: every run of the workspace terminal, no snapshot left building, and
 * the resuming subscriber's stream exactly the workspace's outbox (no gap, no duplicate).
 */
export async function expectTerminalTruth(app: TestApp, workspaceId: string, subscriber: ResumingRunSubscriber): Promise<void> {
  const active = await app.em().find(OperationRunSchema, { workspace: workspaceId, status: { $ne: 'completed' } });
  expect(active.map((run) => [run.id, run.type, run.status])).toEqual([]);
  const building = await app.em().find(BaselineSnapshotSchema, { workspace: workspaceId, lifecycleState: 'building' });
  expect(building.map((snapshot) => snapshot.id)).toEqual([]);
  const { received, outbox } = await subscriber.settledAgainstOutbox(app, TERMINAL_DEADLINE_MS);
  expect(received).toEqual(outbox);
}
