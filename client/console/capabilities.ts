/** Capabilities (as `Workspace.viewerCapabilities` lists them) behind the console's actions. */
export const CAN_START_CAPTURE = 'baselines.manage';
export const CAN_START_COMPARE = 'tenant.compare.start';
export const CAN_RECONCILE = 'operations.reconcile';

export type ConsoleCapability = typeof CAN_START_CAPTURE | typeof CAN_START_COMPARE | typeof CAN_RECONCILE;

export function allows(capabilities: readonly string[], capability: ConsoleCapability): boolean {
  return capabilities.includes(capability);
}
