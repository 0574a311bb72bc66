import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from './actor.js';
import { loadActors } from './actors-loader.js';

/** Loads the user and all their entitlements; null when the user no longer exists. */
export async function loadActor(em: EntityManager, userId: string): Promise<Actor | null> {
  return (await loadActors(em, [userId])).get(userId) ?? null;
}
