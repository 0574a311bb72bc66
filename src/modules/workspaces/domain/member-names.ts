/**
 * Accounts are shared by the whole installation (one per email), but the name a workspace knows a
 * member by is that workspace's own data: another workspace never sees it.
 */

/** The name a member is added under when the caller gives none: their email's local part. */
export function defaultDisplayName(email: string): string {
  return email.slice(0, email.indexOf('@'));
}

/**
 * The name a workspace shows for a user: the name it gave them when it added them; for a member it
 * gave none (its creator, or a member added before names were per workspace), their account's
 * name; for a user who is no longer a member, their email's local part, never a name from elsewhere.
 */
export function nameInWorkspace(account: { email: string; displayName: string }, membership: { displayName: string | null } | null): string {
  if (!membership) return defaultDisplayName(account.email);
  return membership.displayName ?? account.displayName;
}
