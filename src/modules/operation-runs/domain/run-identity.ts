import { contentHash } from '../../../platform/canonical-json.js';

export interface RunIdentity {
  type: string;
  workspaceId: string;
  tenantId: string | null;
  /** The inputs that make two requests "the same operation", e.g. the profile and source tenant. */
  inputs: Record<string, unknown>;
}

/** One active run per identity: two starts of the same operation on the same inputs share a hash. */
export function runIdentityHash(identity: RunIdentity): string {
  return contentHash({ type: identity.type, workspace: identity.workspaceId, tenant: identity.tenantId, inputs: identity.inputs });
}
