import type { InputReader } from '../../operation-runs/jobs/operation-contracts.js';

export interface InventorySyncInput {
  tenantId: string;
}

export interface InventorySyncResult {
  connector: 'microsoft_graph';
  policyTypes: string[];
  generation: string;
}

declare module '../../operation-runs/jobs/operation-contracts.js' {
  interface OperationContracts {
    inventory_sync: { input: InventorySyncInput; result: InventorySyncResult };
  }
}

export const readInventorySyncInput: InputReader<'inventory_sync'> = (run) =>
  run.tenant ? { tenantId: run.tenant } : { unusable: 'inventory_sync.tenant_unavailable' };
