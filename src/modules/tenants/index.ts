import { TenantMembershipSchema } from './entities/tenant-membership.js';
import { TenantSchema } from './entities/tenant.js';

/** A workspace's tenants and the per-tenant grants of operator and readonly members. */
export const typeDefs = new URL('./schema.graphql', import.meta.url);
export { resolvers } from './resolvers/index.js';
export const entities = [TenantSchema, TenantMembershipSchema];
