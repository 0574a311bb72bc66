import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Orm } from '../../src/platform/db/orm.js';
import { withRawClient } from '../support/raw-client.js';
import { startCpuMeter } from '../support/cpu-meter.js';

export interface CopyBaseline {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  /** CPU seconds of this process during the COPY. */
  cpuSeconds: number;
  /** Rows of the snapshot missing from the scratch table or differing from it (0 when the copy is exact). */
  mismatches: number;
}

const SCRATCH = 'bench_copy_scratch';
const COLUMNS = 'baseline_snapshot_id, subject_type, subject_external_id, policy_type, display_name, baseline_hash, meta';
const CHUNK_BYTES = 64 * 1024;

/**
 * The baseline: the same rows a capture persisted, COPYed with pg-copy-streams in one COPY (one
 * transaction) into a scratch table created `like baseline_snapshot_items including all`
 * (defaults, the unique constraint, the primary key). The table lives for the whole benchmark, so
 * it grows by one snapshot per measurement exactly as baseline_snapshot_items does. The COPY text
 * is exported from the snapshot beforehand, in insertion order, and streamed in 64 KiB chunks, so
 * only the COPY itself is timed.
 */
export class ScratchCopy {
  private constructor(private readonly orm: Orm) {}

  static async create(orm: Orm): Promise<ScratchCopy> {
    await orm.em.getConnection().execute(`create table ${SCRATCH} (like baseline_snapshot_items including all)`);
    return new ScratchCopy(orm);
  }

  async measure(snapshotId: string): Promise<CopyBaseline> {
    const connection = this.orm.em.getConnection();
    const chunks = await exportSnapshotRows(this.orm, snapshotId);
    await connection.execute('checkpoint');
    const cpu = startCpuMeter();
    const { rows, seconds } = await withRawClient(this.orm, async (client) => {
      const began = performance.now();
      await client.query('begin');
      const copy = client.query(copyFrom(`copy ${SCRATCH} (${COLUMNS}) from stdin`));
      await pipeline(Readable.from(chunks), copy);
      await client.query('commit');
      return { rows: copy.rowCount, seconds: (performance.now() - began) / 1000 };
    });
    const cpuSeconds = cpu.stopMs() / 1000;
    const [diff] = await connection.execute<{ mismatches: string }[]>(
      `select count(*) as mismatches from (
         select ${COLUMNS} from baseline_snapshot_items where baseline_snapshot_id = ?
         except all select ${COLUMNS} from ${SCRATCH} where baseline_snapshot_id = ?) as missing`,
      [snapshotId, snapshotId],
    );
    const bytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    return { rows, bytes, seconds, rowsPerSecond: rows / seconds, cpuSeconds, mismatches: Number(diff!.mismatches) };
  }

  async drop(): Promise<void> {
    await this.orm.em.getConnection().execute(`drop table if exists ${SCRATCH}`);
  }
}

/** The snapshot's rows as COPY text, in insertion order, packed into chunks of about CHUNK_BYTES. */
function exportSnapshotRows(orm: Orm, snapshotId: string): Promise<Buffer[]> {
  return withRawClient(orm, async (client) => {
    const escaped = snapshotId.replace(/'/g, "''");
    const source = client.query(
      copyTo(`copy (select ${COLUMNS} from baseline_snapshot_items where baseline_snapshot_id = '${escaped}' order by id) to stdout`),
    );
    const chunks: Buffer[] = [];
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for await (const data of source as AsyncIterable<Buffer>) {
      pending.push(data);
      pendingBytes += data.length;
      if (pendingBytes >= CHUNK_BYTES) {
        chunks.push(Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
      }
    }
    if (pending.length > 0) chunks.push(Buffer.concat(pending));
    return chunks;
  });
}
