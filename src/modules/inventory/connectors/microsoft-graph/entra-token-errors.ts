import type { InventorySyncReasonCode } from '../../domain/inventory-sync-reasons.js';

/** The OAuth2 error body Microsoft Entra answers a refused token request with. */
export interface EntraTokenError {
  error?: unknown;
  error_description?: unknown;
  error_codes?: unknown;
}

/** AADSTS codes that name a consent or installation problem in the customer's directory. */
const CONSENT_CODES = new Set([
  65001, // consent_required: the administrator has not consented to the application
  700016, // the application is not found in the directory (never installed or consented there)
  7000112, // the application is disabled in the directory
]);

/** AADSTS codes for a directory that does not exist (or an unreadable tenant identifier). */
const DIRECTORY_CODES = new Set([90002, 900023, 90072]);

/**
 * What a refused token request means for an operator: a directory that does not exist, an app
 * not consented in it, or credentials that are wrong, expired or revoked (the default for every
 * other refusal of the client: `invalid_client`, AADSTS7000215, AADSTS7000222…).
 */
export function classifyTokenError(body: EntraTokenError): InventorySyncReasonCode {
  const codes = Array.isArray(body.error_codes) ? body.error_codes.filter((code): code is number => typeof code === 'number') : [];
  if (codes.some((code) => DIRECTORY_CODES.has(code))) return 'inventory_sync.directory_not_found';
  if (codes.some((code) => CONSENT_CODES.has(code)) || body.error === 'consent_required' || body.error === 'unauthorized_client') {
    return 'inventory_sync.consent_missing';
  }
  return 'inventory_sync.credentials_rejected';
}

/** One line for diagnostics: the OAuth2 error and the first sentence Entra gave (never the request). */
export function describeTokenError(status: number, body: EntraTokenError): string {
  const error = typeof body.error === 'string' ? body.error : 'unknown_error';
  const description = typeof body.error_description === 'string' ? body.error_description.split(/\r?\n/)[0]!.split('. ')[0]! : '';
  return `Entra refused the token request (HTTP ${status}, ${error})${description ? `: ${description.slice(0, 240)}` : ''}.`;
}
