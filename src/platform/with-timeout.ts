/** A call that got no answer within its bound; what it started may still complete later. */
export class NoAnswerWithin extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what}: no answer within ${timeoutMs} ms`);
    this.name = 'NoAnswerWithin';
  }
}

/**
 * Resolves or rejects like `work`, or rejects with NoAnswerWithin after `timeoutMs`. It bounds how
 * long a caller waits, not the work itself: a server that accepts a connection and never answers
 * (a frozen Redis) must not hold a request forever.
 */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new NoAnswerWithin(what, timeoutMs)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
