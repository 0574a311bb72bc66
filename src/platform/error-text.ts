/**
 * A short, single-line version of an error message for failure summaries: diagnostics for an
 * operator, never a stack trace or multi-line driver dump.
 */
export function summarizeError(error: unknown, maxLength = 300): string {
  const raw = error instanceof Error ? error.message : String(error);
  const line =
    raw
      .split('\n')
      .find((part) => part.trim().length > 0)
      ?.trim() ?? 'Unknown error';
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}

export function errorClass(error: unknown): string {
  return error instanceof Error ? error.constructor.name : typeof error;
}
