import type { CaptureMode } from '../entities/baseline-profile.js';

/**
 * The SQL expression for a subject's baseline hash, used by capture and compare alike: the full
 * content hash, or in meta-only mode the sha256 of the display name (so a payload change does not
 * drift, a rename does).
 */
export function baselineHashSql(captureMode: CaptureMode, alias: string): string {
  return captureMode === 'meta_only' ? `encode(sha256(convert_to(${alias}.display_name, 'UTF8')), 'hex')` : `${alias}.content_hash`;
}

/** What a snapshot item keeps of a subject: its payload in full-content mode, nothing else in meta-only mode. */
export function itemMetaSql(captureMode: CaptureMode, alias: string): string {
  return captureMode === 'meta_only' ? `'{}'::jsonb` : `jsonb_build_object('payload', ${alias}.payload)`;
}

export function isCaptureMode(value: unknown): value is CaptureMode {
  return value === 'full_content' || value === 'meta_only';
}
