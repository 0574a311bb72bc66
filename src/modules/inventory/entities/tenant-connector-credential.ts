import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { TenantSchema } from '../../tenants/entities/tenant.js';
import { UserSchema } from '../../workspaces/entities/user.js';
import { WorkspaceSchema } from '../../workspaces/entities/workspace.js';
import { createdAtProperty, updatedAtProperty } from '../../../platform/db/timestamps.js';

export const INVENTORY_CONNECTORS = ['microsoft_graph'] as const;
export type InventoryConnectorKind = (typeof INVENTORY_CONNECTORS)[number];

/**
 * The credentials an inventory sync uses to pull a tenant's configuration from its source. The
 * secret is stored only sealed (AES-256-GCM, bound to the tenant id) and is never returned by
 * the API; `keyId` names the key that sealed it, so a rotated key can still open older rows.
 */
export const TenantConnectorCredentialSchema = defineEntity({
  name: 'TenantConnectorCredential',
  tableName: 'tenant_connector_credentials',
  properties: (p) => ({
    tenant: p.manyToOne(TenantSchema).mapToPk().primary().deleteRule('cascade'),
    workspace: p.manyToOne(WorkspaceSchema).mapToPk().deleteRule('cascade'),
    connector: p.enum([...INVENTORY_CONNECTORS]),
    /** The app registration's application (client) id. */
    clientId: p.string().length(100),
    /** `v1.<iv>.<tag>.<ciphertext>` (base64url); see credential-cipher.ts. */
    secretCiphertext: p.text(),
    keyId: p.string().length(32),
    updatedBy: p.manyToOne(UserSchema).mapToPk().nullable().deleteRule('set null').default(null),
    createdAt: createdAtProperty(),
    updatedAt: updatedAtProperty(),
  }),
});

export type TenantConnectorCredential = InferEntity<typeof TenantConnectorCredentialSchema>;
