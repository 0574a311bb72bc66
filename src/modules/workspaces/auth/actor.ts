import type { User } from '../entities/user.js';
import type { WorkspaceRole } from './capabilities.js';

/** Who is calling, and every scope they are entitled to; loaded once per request or subscription event. */
export interface Actor {
  user: User;
  /** Workspace id -> the actor's role there. */
  roles: ReadonlyMap<string, WorkspaceRole>;
  /** Workspace id -> tenant ids the actor was granted individually. */
  tenantGrants: ReadonlyMap<string, ReadonlySet<string>>;
}
