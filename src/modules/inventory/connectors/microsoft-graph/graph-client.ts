import { abortableSleep } from '../../../../platform/abortable-sleep.js';
import type { BackoffBudget } from '../../../../platform/backoff-budget.js';
import { summarizeError } from '../../../../platform/error-text.js';
import { parseRetryAfter } from '../../../../platform/retry-after.js';
import { ConnectorFailure, type ConnectorStats } from '../inventory-connector.js';
import { classifyTokenError, describeTokenError, type EntraTokenError } from './entra-token-errors.js';

export interface GraphEndpoints {
  /** e.g. https://login.microsoftonline.com */
  loginUrl: string;
  /** e.g. https://graph.microsoft.com/beta */
  baseUrl: string;
}

export interface GraphCredentials {
  /** The customer's Entra directory: its tenant id (GUID) or a verified domain. */
  directory: string;
  clientId: string;
  clientSecret: string;
}

/** Statuses worth waiting out: throttling and transient server trouble. */
const RETRYABLE = new Set([429, 500, 502, 503, 504]);

async function readJson(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ConnectorFailure('inventory_sync.source_response_invalid', `${what} answered HTTP ${response.status} with a body that is not JSON.`);
  }
}

async function graphError(response: Response): Promise<string> {
  const body = (await readJson(response, 'Microsoft Graph').catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
  const code = typeof body?.error?.code === 'string' ? body.error.code : 'unknown';
  const message = typeof body?.error?.message === 'string' ? `: ${summarizeError(body.error.message, 200)}` : '';
  return `Microsoft Graph answered HTTP ${response.status} (${code})${message}`;
}

/**
 * Microsoft Graph over Node's fetch with an app-only token (OAuth2 client credentials). Every
 * request honours the sync's AbortSignal, so a timed-out or superseded sync stops mid-request.
 * Throttling (429, or 503 with Retry-After) and transient failures are waited out within one
 * shared BackoffBudget; past it the sync fails with a reason instead of waiting forever.
 */
export class GraphClient {
  readonly stats: ConnectorStats = { requests: 0, backoffWaits: 0, backoffMs: 0 };
  private accessToken: string | null = null;

  constructor(
    private readonly endpoints: GraphEndpoints,
    private readonly credentials: GraphCredentials,
    private readonly backoff: BackoffBudget,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** GETs a Graph URL as JSON. A 401 gets one fresh token; a second 401 means the credentials no longer work. */
  async get(url: string, signal: AbortSignal): Promise<unknown> {
    for (let fresh = false; ; fresh = true) {
      const token = await this.token(signal);
      const response = await this.send(() => fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal }), signal);
      if (response.ok) return readJson(response, 'Microsoft Graph');
      if (response.status === 401 && !fresh) {
        await response.body?.cancel();
        this.accessToken = null;
        continue;
      }
      const detail = await graphError(response);
      if (response.status === 401) throw new ConnectorFailure('inventory_sync.credentials_rejected', `${detail}; a freshly issued token was refused.`);
      if (response.status === 403) throw new ConnectorFailure('inventory_sync.permission_missing', `${detail}.`);
      throw new ConnectorFailure('inventory_sync.source_response_invalid', `${detail} for ${new URL(url).pathname}.`);
    }
  }

  private async token(signal: AbortSignal): Promise<string> {
    if (this.accessToken) return this.accessToken;
    const { loginUrl, baseUrl } = this.endpoints;
    const { directory, clientId, clientSecret } = this.credentials;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: `${new URL(baseUrl).origin}/.default`,
    });
    const url = `${loginUrl}/${encodeURIComponent(directory)}/oauth2/v2.0/token`;
    const response = await this.send(() => fetch(url, { method: 'POST', body, headers: { accept: 'application/json' }, signal }), signal);
    const json = (await readJson(response, 'Microsoft Entra')) as EntraTokenError & { access_token?: unknown };
    if (!response.ok) throw new ConnectorFailure(classifyTokenError(json), describeTokenError(response.status, json));
    if (typeof json.access_token !== 'string' || json.access_token === '') {
      throw new ConnectorFailure('inventory_sync.source_response_invalid', 'Microsoft Entra issued no access token.');
    }
    this.accessToken = json.access_token;
    return this.accessToken;
  }

  /** Sends one request, waiting out throttling and transient failures within the budget. */
  private async send(request: () => Promise<Response>, signal: AbortSignal): Promise<Response> {
    for (let retry = 1; ; retry++) {
      let response: Response | null = null;
      let trouble: string;
      try {
        this.stats.requests += 1;
        response = await request();
        if (!RETRYABLE.has(response.status)) return response;
        trouble = `HTTP ${response.status}`;
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        trouble = `no answer (${summarizeError(error, 120)})`;
      }
      const retryAfter = response ? parseRetryAfter(response.headers.get('retry-after'), this.now()) : null;
      const throttled = response?.status === 429 || (response?.status === 503 && retryAfter !== null);
      await response?.body?.cancel();
      const decision = this.backoff.next(retry, retryAfter);
      if (decision.kind === 'give_up') {
        const limit = decision.why === 'budget_exhausted' ? `the backoff budget of ${this.backoff.limitSeconds}s` : `${retry - 1} retries`;
        throw new ConnectorFailure(
          throttled ? 'inventory_sync.throttled' : 'inventory_sync.source_unavailable',
          `The source kept answering ${trouble}${retryAfter !== null ? ` (Retry-After ${retryAfter}s)` : ''}; gave up after ${limit}.`,
        );
      }
      this.stats.backoffWaits += 1;
      this.stats.backoffMs += decision.delayMs;
      await abortableSleep(decision.delayMs, signal);
    }
  }
}
