import type { EntityManager } from '@mikro-orm/postgresql';
import { byId } from '../../platform/graphql/loader-factories.js';
import { TenantSchema, type Tenant } from './entities/tenant.js';

export function createTenantLoaders(em: EntityManager) {
  return { tenant: byId<Tenant>(em, TenantSchema) };
}

type TenantLoaders = ReturnType<typeof createTenantLoaders>;

declare module '../../platform/graphql/loaders.js' {
  interface Loaders extends TenantLoaders {}
}
