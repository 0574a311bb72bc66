import { performance } from 'node:perf_hooks';
import type { InventoryItemCandidate } from '../../src/platform/input-rules.js';
import { TenantSchema } from '../../src/modules/tenants/entities/tenant.js';
import { InventoryService } from '../../src/modules/inventory/services/inventory-service.js';
import type { Orm } from '../../src/platform/db/orm.js';

/** How a tenant's inventory departs from the reference set: every `changeEvery`-th item changed, etc. */
export interface Drift {
  changeEvery: number;
  dropEvery: number;
  extraEvery: number;
}

export const NO_DRIFT: Drift = { changeEvery: 0, dropEvery: 0, extraEvery: 0 };

export function policyTypesFor(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `benchPolicy${String(index).padStart(2, '0')}`);
}

/** A device-configuration-like payload of roughly half a kilobyte of JSON. */
function payloadOf(index: number, version: number): Record<string, unknown> {
  return {
    version,
    platform: index % 3 === 0 ? 'windows10AndLater' : index % 3 === 1 ? 'iOS' : 'android',
    description: `Synthetic configuration ${index} generated for the capture benchmark`,
    settings: {
      passwordRequired: index % 2 === 0,
      passwordMinimumLength: 8 + (index % 8),
      storageRequireEncryption: true,
      firewallEnabled: index % 5 !== 0,
      defenderScanType: 'full',
      allowedApps: [`com.example.app${index % 17}`, `com.example.tool${index % 23}`],
    },
    assignments: [{ groupId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, intent: 'include' }],
  };
}

type ItemFate = { kind: 'kept' | 'changed' | 'dropped'; extra: boolean };

/** What the drift does to reference item `index`; dropping wins over changing. */
function fateOf(index: number, drift: Drift): ItemFate {
  const hits = (every: number, salt: number) => every > 0 && (index + salt) % every === 0;
  const kind = hits(drift.dropEvery, 1) ? 'dropped' : hits(drift.changeEvery, 0) ? 'changed' : 'kept';
  return { kind, extra: hits(drift.extraEvery, 2) };
}

/**
 * The `count` reference items spread over `policyTypes`, with `drift` applied: changed items get a
 * new payload version, dropped items are left out, and extra items (new external ids) are added.
 * Deterministic, so two tenants generated with and without drift differ exactly by the drift.
 */
export function* syntheticItems(count: number, policyTypes: string[], drift: Drift): Generator<InventoryItemCandidate> {
  for (let index = 0; index < count; index++) {
    const fate = fateOf(index, drift);
    const policyType = policyTypes[index % policyTypes.length]!;
    if (fate.kind !== 'dropped') {
      const version = fate.kind === 'changed' ? 2 : 1;
      yield { policyType, externalId: `item-${index}`, displayName: `Bench policy ${index}`, payload: payloadOf(index, version) };
    }
    if (fate.extra) yield { policyType, externalId: `extra-${index}`, displayName: `Extra policy ${index}`, payload: payloadOf(index, 1) };
  }
}

/** The drift a compare against the reference set of `count` items should find in a drifted tenant. */
export function expectedDrift(count: number, drift: Drift): { different: number; missing: number; unexpected: number } {
  const expected = { different: 0, missing: 0, unexpected: 0 };
  for (let index = 0; index < count; index++) {
    const fate = fateOf(index, drift);
    if (fate.kind === 'changed') expected.different++;
    if (fate.kind === 'dropped') expected.missing++;
    if (fate.extra) expected.unexpected++;
  }
  return expected;
}

/**
 * Ingests `items` for a tenant through InventoryService.report in calls of `perCall` items (one
 * sync session; the last call is complete). Returns the items stored and the seconds it took.
 */
export async function ingestInventory(
  orm: Orm,
  actorId: string,
  tenantId: string,
  items: Iterable<InventoryItemCandidate>,
  perCall: number,
): Promise<{ items: number; seconds: number }> {
  const tenant = await orm.em.fork().findOneOrFail(TenantSchema, { id: tenantId });
  const began = performance.now();
  let syncToken: string | null = null;
  let stored = 0;
  let chunk: InventoryItemCandidate[] = [];
  const send = async (complete: boolean) => {
    const service = new InventoryService(orm.em.fork(), perCall);
    const result = await service.report(actorId, tenant, { syncToken, complete, items: chunk });
    syncToken = result.syncToken;
    stored += result.inserted + result.updated + result.unchanged;
    chunk = [];
  };
  for (const item of items) {
    if (chunk.length === perCall) await send(false);
    chunk.push(item);
  }
  await send(true);
  return { items: stored, seconds: (performance.now() - began) / 1000 };
}
