import type { FieldProblem } from '../../../platform/errors.js';
import { hasUnpairedSurrogate } from '../../../platform/input-rules.js';

/** Scheduled syncs at most every 15 minutes (Graph throttles tenants that poll harder), at least weekly. */
export const MIN_SYNC_INTERVAL_SECONDS = 900;
export const MAX_SYNC_INTERVAL_SECONDS = 7 * 24 * 3600;
export const MAX_CLIENT_SECRET_LENGTH = 1024;

/** Entra application (client) ids are GUIDs. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export function checkSyncInterval(field: string, seconds: number | null): FieldProblem | null {
  if (seconds === null) return null;
  if (!Number.isInteger(seconds) || seconds < MIN_SYNC_INTERVAL_SECONDS || seconds > MAX_SYNC_INTERVAL_SECONDS) {
    return {
      field,
      message: `${field} must be a whole number of seconds from ${MIN_SYNC_INTERVAL_SECONDS} (15 minutes) to ${MAX_SYNC_INTERVAL_SECONDS} (7 days), or null to sync only on demand.`,
    };
  }
  return null;
}

/** A client id is checked trimmed; store it as `normalizeClientId` returns it. */
export function checkClientId(field: string, value: string): FieldProblem | null {
  return GUID.test(value.trim()) ? null : { field, message: `${field} must be the app registration's application (client) id, a GUID.` };
}

export function normalizeClientId(value: string): string {
  return value.trim().toLowerCase();
}

/** A client secret is taken verbatim (never trimmed: it must match what Entra issued). */
export function checkClientSecret(field: string, value: string): FieldProblem | null {
  if (value.length === 0) return { field, message: `${field} must not be empty.` };
  if (value.length > MAX_CLIENT_SECRET_LENGTH) return { field, message: `${field} must be at most ${MAX_CLIENT_SECRET_LENGTH} characters.` };
  if (CONTROL_CHARACTERS.test(value) || hasUnpairedSurrogate(value)) return { field, message: `${field} must be printable text without control characters.` };
  return null;
}

/**
 * When the scheduler starts the tenant's next sync: one interval after its latest sync run was
 * created (whatever that run's outcome, so a failing source is not hammered), or at once when
 * it never synced. Null when the tenant is not scheduled.
 */
export function nextScheduledSyncAt(intervalSeconds: number | null, lastRunCreatedAt: Date | null, now: Date): Date | null {
  if (intervalSeconds === null) return null;
  if (!lastRunCreatedAt) return now;
  return new Date(lastRunCreatedAt.getTime() + intervalSeconds * 1000);
}
