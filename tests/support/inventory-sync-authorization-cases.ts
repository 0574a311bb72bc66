import { expect } from 'vitest';
import { MANAGERS, onBothTenants, type ActorName, type AuthorizationCase } from './authorization-cases.js';

/** tenant.sync.start */
export const SYNC_STARTERS: readonly ActorName[] = ['ownerA', 'managerA', 'operatorA'];

const CLIENT_ID = '6731de76-14a6-49ae-97bc-6eba6914391e';

/**
 * Starting a sync needs `tenant.sync.start` on the tenant; credentials and the schedule need
 * `tenants.manage`. The tenants of the world have no credentials, so an entitled start is refused
 * as data (InventorySyncBlocked), never as an error.
 */
export const INVENTORY_SYNC_CASES: AuthorizationCase[] = [
  ...onBothTenants((tenant, reach) => ({
    name: `startInventorySync of ${tenant}`,
    document: `mutation($id: ID!) { startInventorySync(tenantId: $id) { __typename ... on InventorySyncBlocked { reason { code } } } }`,
    path: ['startInventorySync'],
    reach,
    allowed: SYNC_STARTERS,
    target: (w) => w[tenant],
    variables: (_w, id) => ({ id }),
    entitled: (value) => expect(value).toEqual({ __typename: 'InventorySyncBlocked', reason: { code: 'inventory_sync.credentials_missing' } }),
  })),
  ...onBothTenants((tenant, reach) => ({
    name: `setInventoryConnectorCredentials of ${tenant}`,
    document: `mutation($id: ID!) { setInventoryConnectorCredentials(input: { tenantId: $id, clientId: "${CLIENT_ID}", clientSecret: "s3cret" }) { id inventorySync { configured } } }`,
    path: ['setInventoryConnectorCredentials'],
    reach,
    allowed: MANAGERS,
    target: (w) => w[tenant],
    variables: (_w, id) => ({ id }),
    entitled: (value, w) => expect(value).toEqual({ id: w[tenant], inventorySync: { configured: true } }),
  })),
  ...onBothTenants((tenant, reach) => ({
    name: `removeInventoryConnectorCredentials of ${tenant}`,
    document: `mutation($id: ID!) { removeInventoryConnectorCredentials(tenantId: $id) { id inventorySync { configured } } }`,
    path: ['removeInventoryConnectorCredentials'],
    reach,
    allowed: MANAGERS,
    target: (w) => w[tenant],
    variables: (_w, id) => ({ id }),
    entitled: (value, w) => expect(value).toEqual({ id: w[tenant], inventorySync: { configured: false } }),
  })),
  ...onBothTenants((tenant, reach) => ({
    name: `setInventorySyncInterval of ${tenant}`,
    document: `mutation($id: ID!) { setInventorySyncInterval(input: { tenantId: $id, intervalSeconds: 3600 }) { id inventorySync { intervalSeconds } } }`,
    path: ['setInventorySyncInterval'],
    reach,
    allowed: MANAGERS,
    target: (w) => w[tenant],
    variables: (_w, id) => ({ id }),
    entitled: (value, w) => expect(value).toEqual({ id: w[tenant], inventorySync: { intervalSeconds: 3600 } }),
  })),
];
