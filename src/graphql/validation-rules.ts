import type { ValidationRule } from 'graphql';
import type { AppConfig } from '../config.js';
import { depthLimit } from './depth-limit.js';
import { selectionLimit } from './selection-limit.js';

/** Our limits on every operation, over HTTP and WebSocket alike. */
export function operationLimits(config: AppConfig): ValidationRule[] {
  return [depthLimit(config.graphql.maxDepth), selectionLimit(config.graphql.maxFields)];
}

/** Parser limit: a document longer than this many tokens is refused before it is parsed. */
export const MAX_TOKENS = 20_000;
