import { specifiedRules, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as generated from '../../../client/generated/graphql.js';
import { loadConfig } from '../../../src/app/config.js';
import { buildSchema } from '../../../src/app/schema.js';
import { operationLimits } from '../../../src/platform/graphql/validation-rules.js';

const documents = Object.entries(generated).filter(([name]) => name.endsWith('Document')) as [string, DocumentNode][];

describe('the operations under client/operations', () => {
  const schema = buildSchema();
  // The server's defaults: a console that outgrows the depth or field limits would be refused at run time.
  const rules = [...specifiedRules, ...operationLimits(loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32) }))];

  it.each(documents)('%s is valid against the schema and within the server’s depth and field limits', (_name, document) => {
    expect(validate(schema, document, rules).map((error) => error.message)).toEqual([]);
  });
});
