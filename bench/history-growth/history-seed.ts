import type pg from 'pg';
import { newId } from '../../src/platform/ids.js';

/**
 * The world the history-growth benchmark queries, written with set-based SQL on a raw connection.
 *
 * Three workspaces: the measured one (`tenants` tenants, 10 baseline profiles), a neighbour with a
 * quarter as many tenants (2 profiles) that takes a fifth of all runs, and a new workspace (2
 * tenants, no profiles) with 30 of the newest 300 runs and none older. Nine tenants in ten are
 * assigned a profile; the tenth never has a compare run. Runs are numbered from the newest (1) to
 * the oldest, one a minute, so adding history means adding older runs: the newest runs, the active
 * ones among them, the effective snapshots and the findings are the same at every size.
 *
 * Per run, from hashes of its number: 55% baseline compare, 5% baseline capture, the rest inventory
 * sync; completed runs 90% succeeded, 4% partially succeeded, 2% blocked, 4% failed, half of the
 * failed ones reconciled (failure bridge, scheduled reconciler or queue check); the newest `active`
 * runs are queued or running (some of them past their freshness threshold). Every completed capture
 * that was not blocked produced a snapshot (complete, or incomplete when it failed).
 */
export interface HistoryWorld {
  /** The measured workspace, the neighbour and the new one, in that order. */
  workspaces: { id: string; name: string; tenantIds: string[]; profileIds: string[] }[];
  ownerId: string;
  /** An operator of the measured workspace entitled to its first five tenants only. */
  operatorId: string;
  /** Run number i was created i minutes before this instant. */
  anchor: Date;
}

const PROFILES = 10;
const NEIGHBOUR_PROFILES = 2;
const OPERATOR_TENANTS = 5;
const FINDINGS_PER_TENANT = 25;
const RUN_SPACING_SECONDS = 60;
const NEW_WORKSPACE_TENANTS = 2;

export const neighbourTenants = (tenants: number) => Math.max(1, Math.floor(tenants / 4));

/** A time-ordered uuid (v7) for a timestamp, so seeded ids sort like ids the application creates. */
const UUID_V7 = `
  create function bench_uuidv7(at timestamptz) returns uuid language sql volatile as $$
    select encode(set_byte(overlay(uuid_send(gen_random_uuid()) placing substring(int8send((extract(epoch from at) * 1000)::bigint) from 3) from 1),
                           6, 112 + floor(random() * 16)::int), 'hex')::uuid
  $$`;

/** A value in [0, n) from hash number `k` of run `i`: independent, evenly spread, reproducible. */
const roll = (k: number, n: number) => `((hashint8(g.i * 16 + ${k}) & 2147483647) % ${n})`;

/** The ids of a world; written to several databases, it makes their fixed rows identical. */
export function planHistoryWorld(tenants: number): HistoryWorld {
  const workspace = (name: string, tenantCount: number, profiles: number) => ({
    id: newId(),
    name,
    tenantIds: Array.from({ length: tenantCount }, () => newId()),
    profileIds: Array.from({ length: profiles }, () => newId()),
  });
  return {
    workspaces: [
      workspace('History workspace', tenants, PROFILES),
      workspace('Neighbour workspace', neighbourTenants(tenants), NEIGHBOUR_PROFILES),
      workspace('New workspace', NEW_WORKSPACE_TENANTS, 0),
    ],
    ownerId: newId(),
    operatorId: newId(),
    anchor: new Date(),
  };
}

/** Users, workspaces, tenants, profiles, assignments and grants of `world`; no runs yet. */
export async function writeHistoryWorld(client: pg.PoolClient, world: HistoryWorld): Promise<void> {
  const [measured, , fresh] = world.workspaces;
  await client.query(UUID_V7);
  await client.query(`insert into users (id, email, display_name) values ($1, $2, 'History owner'), ($3, $4, 'History operator')`, [
    world.ownerId,
    `owner-${world.ownerId}@bench.test`,
    world.operatorId,
    `operator-${world.operatorId}@bench.test`,
  ]);
  await client.query(`insert into workspaces (id, name) select * from unnest($1::uuid[], $2::text[])`, [
    world.workspaces.map((workspace) => workspace.id),
    world.workspaces.map((workspace) => workspace.name),
  ]);
  await client.query(
    `insert into workspace_memberships (id, workspace_id, user_id, role) values ($1, $2, $3, 'owner'), ($4, $2, $5, 'operator'), ($6, $7, $3, 'owner')`,
    [newId(), measured!.id, world.ownerId, newId(), world.operatorId, newId(), fresh!.id],
  );
  // One row per tenant: its workspace, its slot (name order) and the profile assigned to it, if any.
  await client.query(`create table bench_slots (workspace_id uuid not null, ws int not null, slot int not null, tenant_id uuid not null, profile_id uuid)`);
  for (const [ws, { id: workspaceId, tenantIds, profileIds }] of world.workspaces.entries()) {
    await client.query(
      `insert into baseline_profiles (id, workspace_id, name, status, scope)
       select id, $2, format('Profile %s', lpad(n::text, 2, '0')), 'active', '{"policyTypes": ["deviceConfiguration"]}'
         from unnest($1::uuid[]) with ordinality as p(id, n)`,
      [profileIds, workspaceId],
    );
    await client.query(
      `insert into tenants (id, workspace_id, name, external_tenant_id)
       select id, $2, format('Tenant %s', lpad((n - 1)::text, 4, '0')), format('tenant-%s.bench.test', id) from unnest($1::uuid[]) with ordinality as t(id, n)`,
      [tenantIds, workspaceId],
    );
    await client.query(
      `insert into bench_slots (workspace_id, ws, slot, tenant_id, profile_id)
       select $2, $3, n - 1, id, case when (n - 1) % 10 <> 9 then ($4::uuid[])[1 + ((n - 1) + (n - 1) / 10) % nullif($5::int, 0)] end
         from unnest($1::uuid[]) with ordinality as t(id, n)`,
      [tenantIds, workspaceId, ws, profileIds, profileIds.length],
    );
  }
  await client.query(
    `insert into baseline_tenant_assignments (id, workspace_id, tenant_id, baseline_profile_id)
     select bench_uuidv7(now()), workspace_id, tenant_id, profile_id from bench_slots where profile_id is not null`,
  );
  await client.query(
    `insert into tenant_memberships (id, workspace_id, tenant_id, user_id)
     select bench_uuidv7(now()), workspace_id, tenant_id, $1 from bench_slots where ws = 0 and slot < $2`,
    [world.operatorId, OPERATOR_TENANTS],
  );
  await client.query('create index on bench_slots (ws, slot)');
}

/**
 * Runs number `from` to `to` (1 is the newest) and the snapshots of their captures, in one
 * statement. Runs up to `active` are queued or running; every other run is completed.
 */
export async function insertRuns(client: pg.PoolClient, world: HistoryWorld, from: number, to: number, active: number): Promise<void> {
  await client.query(
    `with g as (
       select i, $3::timestamptz - make_interval(secs => i * ${RUN_SPACING_SECONDS}) as created_at,
              case when i <= 300 and i % 10 = 5 then 2 when ${roll(0, 5)} = 0 then 1 else 0 end as ws,
              ${roll(1, 1_000_000)} as slot_roll, ${roll(2, 100)} as type_roll, ${roll(3, 100)} as outcome_roll,
              ${roll(4, 2)} as reconciled_roll, ${roll(5, 3)} as source_roll, ${roll(6, 10)} as initiator_roll
         from generate_series($1::int, $2::int) as g(i)
     ), shaped as (
       select g.*, s.workspace_id, s.tenant_id, s.profile_id,
              case when s.profile_id is null then 'inventory_sync' when type_roll < 5 then 'baseline_capture'
                   when type_roll < 60 then 'baseline_compare' else 'inventory_sync' end as type,
              case when i > $4 then 'completed' when i % 3 = 0 then 'queued' else 'running' end as status,
              case when i <= $4 then 'pending' when outcome_roll < 90 then 'succeeded' when outcome_roll < 94 then 'partially_succeeded'
                   when outcome_roll < 96 then 'blocked' else 'failed' end as outcome
         from g join bench_slots s on s.ws = g.ws and s.slot = g.slot_roll % (case g.ws when 0 then $5::int when 1 then $6::int else ${NEW_WORKSPACE_TENANTS} end)
     ), reconciled as (
       select shaped.*, outcome = 'failed' and reconciled_roll = 0 as is_reconciled,
              (array['failure_bridge', 'scheduled_reconciler', 'queue_check'])[1 + source_roll] as source,
              (array['run.infrastructure_timeout_or_abandonment', 'run.stale_running', 'run.queue_job_lost'])[1 + source_roll] as reconciled_reason,
              created_at + interval '40 seconds' as finished_at
         from shaped
     ), runs as (
       insert into operation_runs (id, workspace_id, tenant_id, initiator_id, type, status, outcome, run_identity_hash, summary_counts,
                                   attempt, current_attempt_id, attempt_started_at, last_heartbeat_at, started_at, completed_at,
                                   reason_code, reconciled_at, reconciliation, created_at, updated_at)
       select bench_uuidv7(created_at), workspace_id, tenant_id, case when initiator_roll < 3 and ws = 0 then $7::uuid end, type, status, outcome,
              md5('history:' || i), case when status = 'queued' then '{}' else '{"steps_done": 3, "steps_total": 3}' end::jsonb,
              case when status = 'queued' then 0 else 1 end, gen_random_uuid(),
              case when status <> 'queued' then created_at + interval '2 seconds' end,
              case when status <> 'queued' then created_at + interval '30 seconds' end,
              case when status <> 'queued' then created_at + interval '2 seconds' end,
              case when status = 'completed' then finished_at end,
              case when is_reconciled then reconciled_reason when outcome = 'failed' then 'run.execution_failed'
                   when outcome = 'blocked' then 'baseline.snapshot.building' end,
              case when is_reconciled then finished_at end,
              case when is_reconciled then jsonb_build_object('reconciledAt', finished_at, 'reasonCode', reconciled_reason,
                   'message', 'Seeded reconciliation.', 'source', source, 'evidence', '{}'::jsonb) end,
              created_at, coalesce(finished_at, created_at)
         from reconciled
       returning id, workspace_id, tenant_id, type, status, outcome, started_at, completed_at
     )
     insert into baseline_snapshots (id, workspace_id, baseline_profile_id, snapshot_identity_hash, captured_at, lifecycle_state,
                                     completed_at, failed_at, completion_meta, producer_run_id, created_at, updated_at)
     select bench_uuidv7(r.started_at), r.workspace_id, s.profile_id, md5('snapshot:' || r.id), r.started_at,
            case when r.outcome = 'failed' then 'incomplete' else 'complete' end,
            case when r.outcome <> 'failed' then r.completed_at end, case when r.outcome = 'failed' then r.completed_at end,
            case when r.outcome <> 'failed' then jsonb_build_object('expectedItems', 0, 'persistedItems', 0, 'producerRunId', r.id) end,
            r.id, r.started_at, r.completed_at
       from runs r join bench_slots s on s.tenant_id = r.tenant_id
      where r.type = 'baseline_capture' and r.status = 'completed' and r.outcome <> 'blocked'`,
    [from, to, world.anchor, active, world.workspaces[0]!.tenantIds.length, world.workspaces[1]!.tenantIds.length, world.ownerId],
  );
}

/**
 * Points each profile at its latest complete snapshot and gives every assigned tenant of the
 * measured workspace 25 findings against it, produced by its last compare. Both come from the
 * newest runs, so they are the same whatever the length of the history.
 */
export async function finishBaselines(client: pg.PoolClient, world: HistoryWorld): Promise<void> {
  await client.query(
    `update baseline_profiles p set active_snapshot_id = (
       select id from baseline_snapshots s where s.baseline_profile_id = p.id and s.lifecycle_state = 'complete'
        order by completed_at desc, captured_at desc, id desc limit 1)`,
  );
  await client.query(
    `insert into findings (id, workspace_id, tenant_id, baseline_profile_id, baseline_snapshot_id, scope_key, subject_type, subject_external_id,
                           policy_type, display_name, kind, severity, status, first_seen_at, last_seen_at, resolved_at, producing_run_id, last_seen_run_id)
     select bench_uuidv7($1::timestamptz - make_interval(hours => k)), s.workspace_id, s.tenant_id, s.profile_id, p.active_snapshot_id,
            'profile:' || s.profile_id, 'deviceConfiguration', format('subject-%s', k), 'deviceConfiguration', format('Policy %s', k),
            (array['missing', 'unexpected', 'different'])[1 + k % 3], (array['low', 'medium', 'high'])[1 + (k / 3) % 3],
            case when k % 4 = 0 then 'resolved' else 'open' end, $1::timestamptz - make_interval(hours => k), $1::timestamptz,
            case when k % 4 = 0 then $1::timestamptz end, last.id, last.id
       from bench_slots s join baseline_profiles p on p.id = s.profile_id
       cross join generate_series(1, ${FINDINGS_PER_TENANT}) as k
       left join lateral (select r.id from operation_runs r where r.tenant_id = s.tenant_id and r.type = 'baseline_compare' and r.status = 'completed'
                           order by r.created_at desc, r.id desc limit 1) last on true
      where s.ws = 0 and p.active_snapshot_id is not null`,
    [world.anchor],
  );
}

/** Statistics and the visibility map as autovacuum would leave them on a settled production database. */
export async function settle(client: pg.PoolClient): Promise<void> {
  await client.query('vacuum (analyze) operation_runs, baseline_snapshots, findings, tenants, baseline_profiles, baseline_tenant_assignments');
}
