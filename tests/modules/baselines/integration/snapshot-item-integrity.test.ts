import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../../src/platform/ids.js';
import { waitForLockWaiters } from '../../../support/row-locks.js';
import { useApp } from '../../../support/use-app.js';
import { createWorld, type World } from '../../../support/world.js';

/**
 * Snapshot items have no per-row foreign key (it dominated capture batches); statement-level
 * triggers keep the same guarantees. These tests hold them to it.
 */
describe('snapshot items always belong to an existing snapshot', () => {
  const suite = useApp({ world: false });
  let world: World;
  let db: pg.Client;

  const insertItems = (snapshotId: string, count: number) =>
    db.query(
      `insert into baseline_snapshot_items (baseline_snapshot_id, subject_type, subject_external_id, policy_type, display_name, baseline_hash)
       select $1, 'deviceConfiguration', 'ext-' || g || '-' || $2, 'deviceConfiguration', 'item ' || g, md5(g::text) from generate_series(1, $3::int) g`,
      [snapshotId, newId(), count],
    );
  const itemCount = async (snapshotId: string) =>
    Number((await db.query('select count(*) from baseline_snapshot_items where baseline_snapshot_id = $1', [snapshotId])).rows[0].count);
  const sqlState = (work: Promise<unknown>) =>
    work.then(
      () => 'no error',
      (error: { code?: string }) => error.code,
    );

  beforeAll(async () => {
    db = new pg.Client({ connectionString: suite.app.database.url });
    await db.connect();
  });
  beforeEach(async () => {
    world = await createWorld(suite.app.em());
  });
  afterAll(async () => {
    await db.end();
  });

  it('refuses a batch with any item of a snapshot that does not exist, and writes none of it', async () => {
    const missing = newId();
    const state = await sqlState(
      db.query(
        `insert into baseline_snapshot_items (baseline_snapshot_id, subject_type, subject_external_id, policy_type, display_name, baseline_hash)
         values ($1, 't', 'a', 't', 'a', 'h'), ($2, 't', 'b', 't', 'b', 'h')`,
        [world.snapshotA, missing],
      ),
    );
    expect(state).toBe('23503');
    expect(await itemCount(world.snapshotA)).toBe(0);
  });

  it('refuses moving items to a snapshot that does not exist', async () => {
    await insertItems(world.snapshotA, 3);
    expect(
      await sqlState(db.query('update baseline_snapshot_items set baseline_snapshot_id = $1 where baseline_snapshot_id = $2', [newId(), world.snapshotA])),
    ).toBe('23503');
    expect(await itemCount(world.snapshotA)).toBe(3);
  });

  it('deletes a snapshot’s items with it, also when the delete cascades from its workspace', async () => {
    await insertItems(world.snapshotA, 5);
    await db.query('delete from baseline_snapshots where id = $1', [world.snapshotA]);
    expect(await itemCount(world.snapshotA)).toBe(0);

    const next = await createWorld(suite.app.em());
    await insertItems(next.snapshotA, 4);
    await db.query('delete from workspaces where id = $1', [next.workspaceA]);
    expect(await itemCount(next.snapshotA)).toBe(0);
  });

  it('makes an item insert wait for a concurrent delete of its snapshot, then refuses it', async () => {
    const deleter = new pg.Client({ connectionString: suite.app.database.url });
    await deleter.connect();
    try {
      await deleter.query('begin');
      await deleter.query('delete from baseline_snapshots where id = $1', [world.snapshotA]);
      const insert = sqlState(insertItems(world.snapshotA, 2));
      await waitForLockWaiters(suite.app, 1, 'insert into baseline_snapshot_items%');
      await deleter.query('commit');
      expect(await insert).toBe('23503');
      expect(await itemCount(world.snapshotA)).toBe(0);
    } finally {
      await deleter.end();
    }
  });

  it('never changes a snapshot’s id', async () => {
    await insertItems(world.snapshotA, 1);
    expect(await sqlState(db.query('update baseline_snapshots set id = $1 where id = $2', [newId(), world.snapshotA]))).toBe('23514');
    expect(await itemCount(world.snapshotA)).toBe(1);
  });
});
