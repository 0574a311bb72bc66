import { performance } from 'node:perf_hooks';
import type { Orm } from '../../src/platform/db/orm.js';
import { distribution } from '../support/percentiles.js';
import { StatementTimeline, type TimedStatement } from '../support/statement-timeline.js';
import type { Probe } from './probes.js';

/** One database with its API and the same probes as every other side, in the same order. */
export interface Side {
  orm: Orm;
  probes: Probe[];
}

export interface ProbeFigures {
  name: string;
  /** Median wall time of one call, as its caller sees it. */
  medianMs: number;
  /** Median over the same calls of the summed round trips of the SQL statements each sent. */
  sqlMedianMs: number;
  /** The statements of the last call, in the order they were sent. */
  statements: TimedStatement[];
  /** Per position in that order, the median round trip over the calls that sent as many statements. */
  statementMedianMs: number[];
}

interface Call {
  ms: number;
  statements: TimedStatement[];
}

export const statementMs = (statement: TimedStatement) => (statement.answeredAt ?? statement.sentAt) - statement.sentAt;

const median = (values: number[]) => distribution(values).p50;

async function call(probe: Probe, timeline: StatementTimeline): Promise<Call> {
  const first = timeline.statements.length;
  const began = performance.now();
  await probe.run();
  return { ms: performance.now() - began, statements: timeline.statements.slice(first) };
}

function figures(name: string, calls: Call[]): ProbeFigures {
  const last = calls.at(-1)!.statements;
  const alike = calls.filter((one) => one.statements.length === last.length);
  return {
    name,
    medianMs: median(calls.map((one) => one.ms)),
    sqlMedianMs: median(calls.map((one) => one.statements.reduce((total, statement) => total + statementMs(statement), 0))),
    statements: last,
    statementMedianMs: last.map((_, position) => median(alike.map((one) => statementMs(one.statements[position]!)))),
  };
}

/**
 * Medians per side and probe over `samples` rounds after `warmup` untimed rounds. A round calls
 * each probe on every side back to back (the side that goes first alternates), so load from
 * elsewhere on the machine falls on all sides alike and the ratio between them stays meaningful.
 * A call's statements are those its side's ORM sent while it ran: calls never overlap, and
 * nothing else in this process queries meanwhile.
 */
export async function measureSides(sides: Side[], options: { warmup: number; samples: number }): Promise<ProbeFigures[][]> {
  const timelines = sides.map((side) => new StatementTimeline(side.orm));
  const calls = sides.map((side) => side.probes.map(() => [] as Call[]));
  try {
    for (let round = 0; round < options.warmup + options.samples; round++) {
      for (const index of sides[0]!.probes.keys()) {
        const order = round % 2 === 0 ? [...sides.keys()] : [...sides.keys()].reverse();
        for (const side of order) {
          const made = await call(sides[side]!.probes[index]!, timelines[side]!);
          if (round >= options.warmup) calls[side]![index]!.push(made);
        }
      }
    }
  } finally {
    for (const timeline of timelines) timeline.stop();
  }
  return sides.map((side, s) => side.probes.map((probe, index) => figures(probe.name, calls[s]![index]!)));
}
