import { describe, expect, it } from 'vitest';
import { classifyTokenError, describeTokenError } from '../../../../src/modules/inventory/connectors/microsoft-graph/entra-token-errors.js';

describe('Entra token errors', () => {
  it.each([
    [{ error: 'invalid_client', error_codes: [7000215] }, 'inventory_sync.credentials_rejected'],
    [{ error: 'invalid_client', error_codes: [7000222] }, 'inventory_sync.credentials_rejected'],
    [{ error: 'invalid_client' }, 'inventory_sync.credentials_rejected'],
    [{ error: 'unauthorized_client', error_codes: [700016] }, 'inventory_sync.consent_missing'],
    [{ error: 'invalid_grant', error_codes: [65001] }, 'inventory_sync.consent_missing'],
    [{ error: 'unauthorized_client', error_codes: [7000112] }, 'inventory_sync.consent_missing'],
    [{ error: 'invalid_request', error_codes: [90002] }, 'inventory_sync.directory_not_found'],
    [{ error: 'invalid_request', error_codes: [900023] }, 'inventory_sync.directory_not_found'],
    [{}, 'inventory_sync.credentials_rejected'],
  ])('%j means %s', (body, reason) => {
    expect(classifyTokenError(body)).toBe(reason);
  });

  it('describes the refusal in one line with the OAuth2 error and the first sentence of the AADSTS message', () => {
    const body = {
      error: 'invalid_client',
      error_description:
        'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.\r\nTrace ID: 1234\r\nCorrelation ID: 5678',
    };
    expect(describeTokenError(401, body)).toBe('Entra refused the token request (HTTP 401, invalid_client): AADSTS7000215: Invalid client secret provided.');
    expect(describeTokenError(400, { error: 42 })).toBe('Entra refused the token request (HTTP 400, unknown_error).');
  });
});
