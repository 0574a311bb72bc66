import type { EntityManager } from '@mikro-orm/postgresql';
import { byId } from '../../platform/graphql/loader-factories.js';
import { OperationRunSchema, type OperationRun } from './entities/operation-run.js';

export function createRunLoaders(em: EntityManager) {
  return { run: byId<OperationRun>(em, OperationRunSchema) };
}

type RunLoaders = ReturnType<typeof createRunLoaders>;

declare module '../../platform/graphql/loaders.js' {
  interface Loaders extends RunLoaders {}
}
