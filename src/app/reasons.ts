import { BASELINE_REASONS } from '../modules/baselines/domain/baseline-reasons.js';
import { INVENTORY_SYNC_REASONS } from '../modules/inventory/domain/inventory-sync-reasons.js';
import { ReasonCatalog, RUN_REASONS } from '../modules/operation-runs/domain/reason-catalog.js';

/** The one catalog: run lifecycle, baseline and inventory sync reasons. */
export const REASONS = new ReasonCatalog([RUN_REASONS, BASELINE_REASONS, INVENTORY_SYNC_REASONS]);
