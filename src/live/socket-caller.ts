import type { Actor } from '../modules/workspaces/auth/actor.js';

const detachedCopies = new WeakMap<Actor, Actor>();

/**
 * The actor without ties to the entity manager that loaded it: a loaded user entity keeps its
 * entity manager (and everything in its identity map) alive, which a socket must not hold for its
 * lifetime. One copy per loaded actor, shared by every socket that uses it.
 */
export function detachedActor(actor: Actor): Actor {
  let copy = detachedCopies.get(actor);
  if (!copy) {
    const { id, email, displayName, createdAt, updatedAt } = actor.user;
    copy = { user: { id, email, displayName, createdAt, updatedAt }, roles: actor.roles, tenantGrants: actor.tenantGrants };
    detachedCopies.set(actor, copy);
  }
  return copy;
}

/**
 * Who a socket authenticated as. Their entitlements are loaded once, in `connection_init`, and every
 * operation the socket starts is authorized with them; each delivery round, which loads every
 * subscriber's entitlements anew to authorize its events, refreshes them. A round that finds the
 * user gone refuses the socket.
 */
export class SocketCaller {
  private current: Actor;

  constructor(
    readonly token: string,
    actor: Actor,
    private readonly onGone: () => void,
  ) {
    this.current = detachedActor(actor);
  }

  get userId(): string {
    return this.current.user.id;
  }

  /** The entitlements as last loaded (detached from the entity manager that loaded them). */
  get actor(): Actor {
    return this.current;
  }

  refreshed(actor: Actor): void {
    this.current = detachedActor(actor);
  }

  /** The user behind the token no longer exists. */
  gone(): void {
    this.onGone();
  }
}
