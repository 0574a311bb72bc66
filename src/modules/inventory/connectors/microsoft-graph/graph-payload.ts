import { canonicalJson } from '../../../../platform/canonical-json.js';

/**
 * Properties the service maintains rather than the administrator: identity, timestamps and
 * derived counters. They differ between tenants and change on saves that change nothing, so
 * they are not configuration and would make every comparison drift.
 */
const SERVER_MANAGED = new Set(['id', 'createdDateTime', 'lastModifiedDateTime', 'version', 'settingCount', 'isAssigned']);

/** OData control information (`@odata.context`, `@odata.etag`, `x@odata.navigationLink`…), except the object's type. */
function isAnnotation(key: string): boolean {
  return key.includes('@odata.') && key !== '@odata.type';
}

function withoutAnnotations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAnnotations);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) if (!isAnnotation(key)) result[key] = withoutAnnotations(child);
  return result;
}

/** A Graph policy object as inventory payload: its configuration without server-managed properties or annotations. */
export function graphPolicyPayload(policy: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(policy)) {
    if (!SERVER_MANAGED.has(key) && !isAnnotation(key)) result[key] = withoutAnnotations(value);
  }
  return result;
}

/**
 * A settings-catalog policy's settings as part of its payload: each setting without its positional
 * `id` and annotations, in a canonical order, so the same settings returned in another order (or
 * on other pages) hash the same.
 */
export function graphSettingsPayload(settings: readonly Record<string, unknown>[]): unknown[] {
  return settings
    .map((setting) => graphPolicyPayload(setting))
    .map((setting) => ({ setting, key: canonicalJson(setting) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ setting }) => setting);
}
