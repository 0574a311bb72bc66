import { epochNow, sleepUntil } from '../support/epoch-clock.js';
import { SeedBackoff } from './seed-backoff.js';

/** One refresh of a poller: when it was sent and answered, and the progress step it saw per run. */
export interface PollTick {
  sentAt: number;
  answeredAt: number;
  seen: Record<string, number>;
}

export interface PollRequest {
  url: string;
  tokens: string[];
  pollers: number;
  windowMs: number;
  query: string;
  variables: Record<string, unknown>;
}

interface RunNode {
  id: string;
  status: string;
  summaryCounts: { key: string; value: number }[];
}

/**
 * `pollers` pages refreshing the run list over HTTP on the seed's schedule for `windowMs`, each
 * starting at a random point of its first second (so they do not all fire at once).
 */
export async function runSeedPollers(request: PollRequest): Promise<PollTick[][]> {
  const start = epochNow();
  const end = start + request.windowMs;
  const poller = async (index: number): Promise<PollTick[]> => {
    const backoff = new SeedBackoff();
    const ticks: PollTick[] = [];
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${request.tokens[index % request.tokens.length]}` };
    const body = JSON.stringify({ query: request.query, variables: request.variables });
    let due = start + Math.random() * 1000;
    for (;;) {
      await sleepUntil(due);
      if (epochNow() >= end) return ticks;
      const sentAt = epochNow();
      const response = await fetch(request.url, { method: 'POST', headers, body });
      const answer = (await response.json()) as { data?: { operationRuns: { edges: { node: RunNode }[] } }; errors?: { message: string }[] };
      const answeredAt = epochNow();
      if (!answer.data) throw new Error(`A poll failed: ${answer.errors?.[0]?.message ?? response.status}.`);
      const nodes = answer.data.operationRuns.edges.map((edge) => edge.node);
      const seen = Object.fromEntries(nodes.map((node) => [node.id, node.summaryCounts.find((count) => count.key === 'steps_done')?.value ?? 0]));
      ticks.push({ sentAt, answeredAt, seen });
      due =
        answeredAt +
        backoff.next(
          nodes.some((node) => node.status === 'QUEUED' || node.status === 'RUNNING'),
          answeredAt,
        );
    }
  };
  return Promise.all(Array.from({ length: request.pollers }, (_, index) => poller(index)));
}
