import type { NextFunction, Request, Response } from 'express';

/**
 * Turns body-parser failures (oversized or malformed JSON) into GraphQL-shaped errors with a stable
 * code instead of an HTML error page.
 */
export function bodyErrorHandler(maxBodyBytes: number) {
  return (error: { type?: string; status?: number }, _request: Request, response: Response, next: NextFunction) => {
    if (error?.type === 'entity.too.large') {
      response.status(413).json({
        errors: [{ message: `The request body exceeds ${maxBodyBytes} bytes; send smaller batches.`, extensions: { code: 'BAD_USER_INPUT' } }],
      });
      return;
    }
    if (error?.type === 'entity.parse.failed' || error?.type === 'encoding.unsupported' || error?.type === 'charset.unsupported') {
      response.status(400).json({
        errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_USER_INPUT' } }],
      });
      return;
    }
    next(error);
  };
}
