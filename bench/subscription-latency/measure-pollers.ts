import { startCpuMeter } from '../support/cpu-meter.js';
import { distribution, type Distribution } from '../support/percentiles.js';
import { countStatements } from '../support/sql-counter.js';
import type { Scene } from './bench-scene.js';
import { epochNow } from '../support/epoch-clock.js';
import type { PollTick } from './seed-pollers.js';
import type { Transition } from './writer-process.js';

/** What the seed's widget refreshes: the workspace's active runs, with the fields a row shows. */
export const ACTIVE_RUNS_QUERY = `query($workspaceId: ID!) {
  operationRuns(workspaceId: $workspaceId, first: 50, filter: { status: [QUEUED, RUNNING] }) {
    edges { node { id status outcome freshness { state } summaryCounts { key value } } }
  }
}`;

export interface PollerResult {
  pollers: number;
  windowMs: number;
  polls: number;
  pollsPerSecond: number;
  /** Send → answer of one refresh. */
  answer: Distribution;
  /** Commit → answer of the first refresh showing the transition, per poller and transition. */
  staleness: Distribution;
  /** Poller/transition pairs left out because the poller sent no refresh after the commit before the window closed. */
  censored: number;
  apiStatementsPerSecond: number;
  statementsPerPoll: number;
  apiCpuPercent: number;
}

function stalenessOf(ticks: PollTick[][], transitions: Transition[], scene: Scene): { samples: number[]; censored: number } {
  const samples: number[] = [];
  let censored = 0;
  for (const transition of transitions) {
    const committedAt = transition.committedAt - scene.clockOffsetsMs.writer;
    for (const poller of ticks) {
      const last = poller.at(-1);
      if (!last || last.sentAt - scene.clockOffsetsMs.clients < committedAt) {
        censored++;
        continue;
      }
      const shown = poller.find((tick) => (tick.seen[transition.runId] ?? 0) >= transition.step);
      if (shown) samples.push(shown.answeredAt - scene.clockOffsetsMs.clients - committedAt);
    }
  }
  return { samples, censored };
}

/**
 * `pollers` pages refreshing the active runs over HTTP on the seed's schedule for `windowMs`,
 * while the writer streams transitions at the same rate as for the subscribers. The runs are
 * active throughout, so the window is the start of an activity: 1 s refreshes for its first
 * 10 s, then 5 s.
 */
export async function measurePollers(scene: Scene, pollers: number, options: { windowMs: number; perSecond: number }): Promise<PollerResult> {
  const statements = countStatements(scene.stack.orm);
  const cpu = startCpuMeter();
  const began = epochNow();
  const [ticks, report] = await Promise.all([
    scene.clients.call('poll', {
      url: scene.graphqlUrl,
      tokens: scene.tokens,
      pollers,
      windowMs: options.windowMs,
      query: ACTIVE_RUNS_QUERY,
      variables: { workspaceId: scene.workspaceId },
    }),
    scene.writer.call('emit', { count: Math.max(1, Math.floor((options.perSecond * options.windowMs) / 1000)), perSecond: options.perSecond }),
  ]);
  const wallMs = epochNow() - began;
  const statementCount = statements.stop();
  const apiCpuMs = cpu.stopMs();
  const polls = ticks.reduce((sum, poller) => sum + poller.length, 0);
  const { samples, censored } = stalenessOf(ticks, report.transitions, scene);
  return {
    pollers,
    windowMs: options.windowMs,
    polls,
    pollsPerSecond: polls / (options.windowMs / 1000),
    answer: distribution(ticks.flat().map((tick) => tick.answeredAt - tick.sentAt)),
    staleness: distribution(samples),
    censored,
    apiStatementsPerSecond: statementCount / (wallMs / 1000),
    statementsPerPoll: statementCount / Math.max(1, polls),
    apiCpuPercent: (100 * apiCpuMs) / wallMs,
  };
}
