import { logger } from '../../../platform/logger.js';
import type { Operation } from '../../operation-runs/jobs/operation-registry.js';
import { readInventorySyncInput } from './inventory-sync-contract.js';
import { inventorySyncHandler } from './inventory-sync.js';
import { policyFor } from '../../operation-runs/services/lifecycle-config.js';
import { validateInventorySyncTiming } from '../domain/inventory-sync-timing.js';
import { InventorySyncScheduler } from '../services/inventory-sync-scheduler.js';

/**
 * The inventory sync operation. A worker that runs it also refuses to start when the sync's
 * timeout cannot hold its throttling backoff, and starts the scheduled syncs that are due, one
 * worker at a time.
 */
export const inventorySyncOperation: Operation<'inventory_sync'> = {
  readInput: readInventorySyncInput,
  handler: inventorySyncHandler,
  violations: (config) =>
    validateInventorySyncTiming(policyFor(config.lifecycle, 'inventory_sync'), config.inventorySync.maxBackoffSeconds).map((violation) => violation.message),
  periodic: [
    {
      name: 'inventory-sync-schedule',
      lock: 'inventory-sync-scheduler',
      intervalMs: (config) => config.inventorySync.scheduleIntervalSeconds * 1000,
      create: (runtime) => {
        const scheduler = new InventorySyncScheduler(runtime.orm, runtime.runs);
        return async () => {
          const pass = await scheduler.launchDue(runtime.config.inventorySync.scheduleBatchLimit);
          if (pass.launched.length > 0) logger.info('scheduled inventory syncs started', { due: pass.due, launched: pass.launched.length });
        };
      },
    },
  ],
};
