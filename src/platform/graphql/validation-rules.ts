import { NoSchemaIntrospectionCustomRule, type ValidationRule } from 'graphql';
import type { AppConfig } from '../config.js';
import { depthLimit } from './depth-limit.js';
import { introspectionLimit } from './introspection-limit.js';
import { selectionLimit } from './selection-limit.js';

/**
 * Our rules for every operation, over HTTP and WebSocket alike: the depth, field and introspection
 * limits, and the refusal of `__schema`/`__type` when GRAPHQL_INTROSPECTION is off. Introspection
 * is switched here and nowhere else: graphql-ws serves queries too, so a switch that only Apollo
 * knew about would leave introspection open over WebSocket.
 */
export function operationLimits(config: AppConfig): ValidationRule[] {
  return [
    depthLimit(config.graphql.maxDepth),
    selectionLimit(config.graphql.maxFields),
    introspectionLimit,
    ...(config.graphql.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
}

/** Parser limit: a document longer than this many tokens is refused before it is parsed. */
export const MAX_TOKENS = 20_000;
