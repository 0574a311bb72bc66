import type { FieldProblem } from './errors.js';

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
/** Half of a UTF-16 surrogate pair without its other half: not Unicode text, and PostgreSQL's JSON refuses it. */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const POLICY_TYPE = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

export const MAX_POLICY_TYPES = 100;
export const MAX_PAYLOAD_BYTES = 256 * 1024;
export const MAX_PAYLOAD_DEPTH = 64;

export function hasUnpairedSurrogate(value: string): boolean {
  return UNPAIRED_SURROGATE.test(value);
}

/** Trims a human-entered name; returns the problem, if any. */
export function checkName(field: string, value: string, max = 200): { value: string } | { problem: FieldProblem } {
  const trimmed = value.trim();
  if (trimmed.length === 0) return { problem: { field, message: `${field} must not be empty.` } };
  if (trimmed.length > max) return { problem: { field, message: `${field} must be at most ${max} characters.` } };
  if (CONTROL_CHARACTERS.test(trimmed)) return { problem: { field, message: `${field} must not contain control characters.` } };
  if (hasUnpairedSurrogate(trimmed)) return { problem: { field, message: `${field} must be valid Unicode text (it contains an unpaired surrogate).` } };
  return { value: trimmed };
}

export function normalizeEmail(value: string): string | null {
  const email = value.trim().toLowerCase();
  return email.length <= 320 && EMAIL.test(email) && !CONTROL_CHARACTERS.test(email) && !hasUnpairedSurrogate(email) ? email : null;
}

export function isPolicyType(value: string): boolean {
  return POLICY_TYPE.test(value);
}

/** Validates a baseline scope's policy types; returns them de-duplicated in input order. */
export function checkPolicyTypes(field: string, values: readonly string[]): { value: string[] } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (values.length === 0) problems.push({ field, message: 'A baseline scope needs at least one policy type.' });
  if (values.length > MAX_POLICY_TYPES) problems.push({ field, message: `A baseline scope may list at most ${MAX_POLICY_TYPES} policy types.` });
  values.forEach((value, index) => {
    if (!isPolicyType(value)) {
      problems.push({ index, field, message: `"${value.slice(0, 60)}" is not a policy type (letters, digits and _ . : / - only, at most 200).` });
    }
  });
  return problems.length > 0 ? { problems } : { value: [...new Set(values)] };
}

/**
 * What PostgreSQL or the serializer cannot take in a JSON payload: nesting deep enough to exhaust
 * the stack, NUL characters (jsonb cannot store \u0000) and unpaired surrogates (not Unicode).
 * Walks iteratively, so depth itself cannot overflow the check.
 */
function payloadDefect(payload: object): string | null {
  const pending: [unknown, number][] = [[payload, 1]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value === 'string') {
      const defect = textDefect(value);
      if (defect) return defect;
    } else if (value !== null && typeof value === 'object') {
      if (depth > MAX_PAYLOAD_DEPTH) return `payload must not nest deeper than ${MAX_PAYLOAD_DEPTH} levels.`;
      for (const [key, child] of Object.entries(value)) {
        const defect = textDefect(key);
        if (defect) return defect;
        pending.push([child, depth + 1]);
      }
    }
  }
  return null;
}

function textDefect(text: string): string | null {
  if (text.includes('\u0000')) return 'payload must not contain NUL (\\u0000) characters.';
  if (hasUnpairedSurrogate(text)) return 'payload must be valid Unicode text (it contains an unpaired surrogate).';
  return null;
}

function checkPayload(payload: unknown): string | null {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return 'payload must be a JSON object.';
  const defect = payloadDefect(payload);
  if (defect) return defect;
  if (Buffer.byteLength(JSON.stringify(payload), 'utf8') > MAX_PAYLOAD_BYTES) return `payload must be at most ${MAX_PAYLOAD_BYTES / 1024} KiB of JSON.`;
  return null;
}

export interface InventoryItemCandidate {
  policyType: string;
  externalId: string;
  displayName: string;
  payload: unknown;
}

/**
 * Checks every item of an inventory report and returns one problem per defect, naming the
 * item index, so a collector can fix all of them in one round trip.
 */
export function checkInventoryItems(items: readonly InventoryItemCandidate[], maxItems: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (items.length > maxItems) {
    problems.push({ field: 'items', message: `A report may contain at most ${maxItems} items per call; split it across calls with the same syncToken.` });
    return problems;
  }
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    if (!isPolicyType(item.policyType)) {
      problems.push({ index, field: 'policyType', message: 'policyType must be 1-200 characters of letters, digits and _ . : / -.' });
    }
    const externalId = item.externalId;
    if (externalId.trim().length === 0 || externalId.length > 400 || CONTROL_CHARACTERS.test(externalId) || hasUnpairedSurrogate(externalId)) {
      problems.push({ index, field: 'externalId', message: 'externalId must be 1-400 characters of Unicode text without control characters.' });
    }
    const name = checkName('displayName', item.displayName, 400);
    if ('problem' in name) problems.push({ index, ...name.problem });
    const payloadProblem = checkPayload(item.payload);
    if (payloadProblem) problems.push({ index, field: 'payload', message: payloadProblem });
    const key = `${item.policyType}\u0000${externalId}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ index, field: 'externalId', message: `Duplicate of item ${earlier} (same policyType and externalId).` });
    } else {
      seen.set(key, index);
    }
  });
  return problems;
}
