export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** Validates a requested page size; returns an error message or the size to use. */
export function resolvePageSize(first: number | null | undefined): { size: number } | { error: string } {
  if (first === null || first === undefined) return { size: DEFAULT_PAGE_SIZE };
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    return { error: `"first" must be between 1 and ${MAX_PAGE_SIZE}; got ${first}.` };
  }
  return { size: first };
}
