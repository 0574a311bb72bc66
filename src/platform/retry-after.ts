/** IMF-fixdate, the HTTP-date form every server must send (RFC 9110 §5.6.7), e.g. `Wed, 21 Oct 2026 07:28:00 GMT`. */
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * How many seconds a `Retry-After` header asks the client to wait: delay-seconds, or an HTTP-date
 * (a date in the past means now). Null when the header is absent or unreadable, so the caller
 * falls back to its own backoff instead of trusting a value it could not parse.
 */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | null {
  if (header === null || header === undefined) return null;
  const value = header.trim();
  if (/^\d{1,9}$/.test(value)) return Number(value);
  if (!IMF_FIXDATE.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
