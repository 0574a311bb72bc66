import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** A GraphQL error answer; `code` is the error's `extensions.code` (e.g. FORBIDDEN). */
export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const printed = new WeakMap<object, string>();

/** The document's source text, printed once per document. */
export function sourceOf(document: TypedDocumentNode<unknown, never>): string {
  let source = printed.get(document);
  if (source === undefined) {
    source = print(document);
    printed.set(document, source);
  }
  return source;
}

/** Queries and mutations over HTTP, typed by the generated documents, with the caller's bearer token. */
export class GqlClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  async request<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<TData> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ query: sourceOf(document as TypedDocumentNode<unknown, never>), variables }),
    });
    const body = (await response.json().catch(() => ({}))) as GraphQLResponse<TData>;
    const [error] = body.errors ?? [];
    if (error) throw new GraphQLRequestError(error.message, error.extensions?.code ?? null);
    if (!body.data) throw new GraphQLRequestError(`The API answered ${response.status} without data.`, null);
    return body.data;
  }
}
