import type { FindingFilter, ViewName } from './console-state.js';
import type { RunFilter } from './run-filter.js';

/** What the views may ask of the signed-in session. */
export interface ConsoleCommands {
  selectWorkspace(workspaceId: string): void;
  selectView(view: ViewName): void;
  setRunFilter(filter: RunFilter): void;
  selectProfile(profileId: string): void;
  showFindings(tenantId: string): void;
  setFindingFilter(filter: FindingFilter): void;
  startCapture(profileId: string, sourceTenantId: string): Promise<void>;
  startCompare(tenantId: string): Promise<void>;
  reconcileNow(): Promise<void>;
  markAllRead(): Promise<void>;
  dismissNotice(): void;
  signOut(): void;
}
