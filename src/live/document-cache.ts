import { parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { MAX_TOKENS } from '../platform/graphql/validation-rules.js';

/** A subscription document ready to run, or why it cannot run (its errors, not yet labelled with codes). */
export type CheckedDocument = { document: DocumentNode } | { parseError: GraphQLError } | { errors: readonly GraphQLError[] };

/** Query text the cache holds at most, over all its documents. */
const MAX_CACHED_CHARACTERS = 4 * 1024 * 1024;
const MAX_CACHED_DOCUMENTS = 1000;

/**
 * Parses and validates subscription documents, remembering the valid ones by their text (least
 * recently used first out): the identical subscriptions of many dashboards parse and validate once
 * and share one immutable document. Documents that fail are checked again each time.
 */
export class DocumentCache {
  private readonly documents = new Map<string, DocumentNode>();
  private characters = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rules: readonly ValidationRule[],
  ) {}

  check(query: string): CheckedDocument {
    const cached = this.documents.get(query);
    if (cached) {
      this.documents.delete(query);
      this.documents.set(query, cached);
      return { document: cached };
    }
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: MAX_TOKENS });
    } catch (error) {
      return { parseError: error as GraphQLError };
    }
    const errors = validate(this.schema, document, this.rules);
    if (errors.length > 0) return { errors };
    this.remember(query, document);
    return { document };
  }

  private remember(query: string, document: DocumentNode): void {
    if (query.length > MAX_CACHED_CHARACTERS) return;
    this.documents.set(query, document);
    this.characters += query.length;
    for (const [oldest] of this.documents) {
      if (this.characters <= MAX_CACHED_CHARACTERS && this.documents.size <= MAX_CACHED_DOCUMENTS) break;
      this.documents.delete(oldest);
      this.characters -= oldest.length;
    }
  }
}
