import { GraphQLError, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateTimeScalar } from '../../../src/platform/graphql/scalars.js';

function rejection(work: () => unknown): { code: unknown; message: string } {
  try {
    work();
  } catch (error) {
    if (error instanceof GraphQLError) return { code: error.extensions.code, message: error.message };
    throw error;
  }
  throw new Error('expected a GraphQLError');
}

describe('DateTime scalar', () => {
  it('accepts ISO-8601 timestamps from variables and literals', () => {
    expect(DateTimeScalar.parseValue('2026-11-26T15:04:05Z')).toEqual(new Date('2026-11-26T15:04:05Z'));
    expect(DateTimeScalar.parseValue('2026-11-26T16:04:05.250+01:00')).toEqual(new Date('2026-11-26T15:04:05.250Z'));
    expect(DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '2026-11-26T15:04:05Z' }, {})).toEqual(new Date('2026-11-26T15:04:05Z'));
  });

  it.each(['yesterday', '2026-13-45T00:00:00Z', '26/11/2026', '2026-11-26', '1764169445000'])(
    'rejects the string %j with BAD_USER_INPUT and an example of the expected format',
    (value) => {
      expect(rejection(() => DateTimeScalar.parseValue(value))).toEqual({
        code: 'BAD_USER_INPUT',
        message: `"${value}" is not an ISO-8601 timestamp such as 2026-11-26T15:04:05Z.`,
      });
    },
  );

  it('rejects non-string variables and literals with BAD_USER_INPUT', () => {
    expect(rejection(() => DateTimeScalar.parseValue(1764169445000))).toEqual({ code: 'BAD_USER_INPUT', message: 'DateTime must be an ISO-8601 string.' });
    expect(rejection(() => DateTimeScalar.parseLiteral({ kind: Kind.INT, value: '1' }, {}))).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'DateTime must be an ISO-8601 string.',
    });
  });

  it('quotes at most 40 characters of a rejected value', () => {
    expect(rejection(() => DateTimeScalar.parseValue(`x${'y'.repeat(1000)}`)).message).toBe(
      `"x${'y'.repeat(39)}" is not an ISO-8601 timestamp such as 2026-11-26T15:04:05Z.`,
    );
  });

  it('serializes dates as UTC ISO-8601 with milliseconds', () => {
    expect(DateTimeScalar.serialize(new Date('2026-11-26T16:04:05+01:00'))).toBe('2026-11-26T15:04:05.000Z');
  });
});
