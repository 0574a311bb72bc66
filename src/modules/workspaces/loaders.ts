import type { EntityManager } from '@mikro-orm/postgresql';
import { plainById } from '../../platform/graphql/loader-factories.js';
import { WorkspaceSchema, type Workspace } from './entities/workspace.js';
import { createUserInWorkspaceLoader } from './services/user-in-workspace-loader.js';

export function createWorkspaceLoaders(em: EntityManager) {
  return { workspace: plainById<Workspace>(em, WorkspaceSchema), userInWorkspace: createUserInWorkspaceLoader(em) };
}

type WorkspaceLoaders = ReturnType<typeof createWorkspaceLoaders>;

declare module '../../platform/graphql/loaders.js' {
  interface Loaders extends WorkspaceLoaders {}
}
