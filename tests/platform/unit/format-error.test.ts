import { GraphQLError } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatError } from '../../../src/platform/http/format-error.js';

const SQL_FAILURE = 'select "t".* from "tenants" as "t" where "t"."id" = \'x\' - relation "tenants" does not exist';

function captureStderr(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

describe('formatError', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('masks an unexpected error: no message, stack or SQL reaches the client, only INTERNAL_SERVER_ERROR and an errorId', () => {
    captureStderr();
    const thrown = new Error(SQL_FAILURE);
    const formatted = formatError(
      {
        message: SQL_FAILURE,
        path: ['tenant'],
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: thrown.stack!.split('\n') },
      },
      new GraphQLError(SQL_FAILURE, { originalError: thrown, path: ['tenant'] }),
    );
    expect(formatted).toEqual({
      message: `Internal server error (reference ${formatted.extensions!.errorId}).`,
      path: ['tenant'],
      locations: [{ line: 1, column: 3 }],
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) },
    });
    expect(JSON.stringify(formatted)).not.toMatch(/select|relation|tenants|stack|\.ts:/);
  });

  it('logs the masked error with its errorId, original message and stack', () => {
    const lines = captureStderr();
    const thrown = new Error(SQL_FAILURE);
    const formatted = formatError({ message: SQL_FAILURE, path: ['tenant'] }, new GraphQLError(SQL_FAILURE, { originalError: thrown }));
    const entry = JSON.parse(lines.find((line) => line.includes(String(formatted.extensions!.errorId)))!);
    expect(entry).toMatchObject({
      level: 'error',
      errorId: formatted.extensions!.errorId,
      path: ['tenant'],
      error: { message: SQL_FAILURE, stack: expect.stringContaining('format-error.test.ts') },
    });
  });

  it('masks errors with an unknown code the same way', () => {
    captureStderr();
    const formatted = formatError({ message: 'ECONNREFUSED 127.0.0.1:5432', extensions: { code: 'ECONNREFUSED' } }, new Error('ECONNREFUSED'));
    expect(formatted.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(formatted.message).not.toContain('5432');
  });

  it.each([
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'BAD_USER_INPUT',
    'SUBSCRIPTION_LIMIT',
    'SLOW_CONSUMER',
    'GRAPHQL_PARSE_FAILED',
    'GRAPHQL_VALIDATION_FAILED',
  ])('passes %s errors through with their message but without a stacktrace', (code) => {
    const lines = captureStderr();
    const formatted = formatError(
      { message: 'Tenant not found.', path: ['tenant'], extensions: { code, stacktrace: ['Error: x', '    at y.ts:1'], problems: [] } },
      new GraphQLError('Tenant not found.'),
    );
    expect(formatted).toEqual({ message: 'Tenant not found.', path: ['tenant'], extensions: { code, problems: [] } });
    expect(lines).toEqual([]);
  });

  it('keeps the BAD_USER_INPUT code of our own validation rule that Apollo relabelled GRAPHQL_VALIDATION_FAILED', () => {
    const ours = new GraphQLError('The operation is nested 14 levels deep; the maximum is 12.', { extensions: { code: 'BAD_USER_INPUT' } });
    const relabelled = new GraphQLError(ours.message, { originalError: ours, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const formatted = formatError({ message: ours.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, relabelled);
    expect(formatted).toEqual({ message: ours.message, extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('leaves graphql-js validation errors, which carry no code of their own, as GRAPHQL_VALIDATION_FAILED', () => {
    const plain = new GraphQLError('Cannot query field "shoeSize" on type "User".');
    const relabelled = new GraphQLError(plain.message, { originalError: plain, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const formatted = formatError({ message: plain.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, relabelled);
    expect(formatted.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
