import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../src/platform/retry-after.js';

const NOW = new Date('2026-11-27T10:00:00.000Z');

describe('Retry-After', () => {
  it.each([
    ['0', 0],
    ['1', 1],
    ['120', 120],
    [' 7 ', 7],
  ])('delay-seconds "%s" is %i seconds', (header, seconds) => {
    expect(parseRetryAfter(header, NOW)).toBe(seconds);
  });

  it('an HTTP-date is the whole seconds from now until then, rounded up', () => {
    expect(parseRetryAfter('Fri, 27 Nov 2026 10:00:30 GMT', NOW)).toBe(30);
    expect(parseRetryAfter('Fri, 27 Nov 2026 10:00:30 GMT', new Date('2026-11-27T10:00:29.200Z'))).toBe(1);
  });

  it('an HTTP-date in the past means retry now', () => {
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:00 GMT', NOW)).toBe(0);
  });

  it.each([null, undefined, '', '-1', '1.5', 'soon', '2026-11-27T10:00:30Z', 'Fri, 27 Nov 2026 10:00:30', 'Sun, 06 Nov 1994 08:49:37 PST', '9999999999'])(
    'an absent or unreadable value (%j) is null, so the caller uses its own backoff',
    (header) => {
      expect(parseRetryAfter(header, NOW)).toBeNull();
    },
  );
});
