import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphObject {
  id: string;
  [property: string]: unknown;
}

/** A settings-catalog policy with the settings its `/settings` sub-resource lists. */
export interface SettingsCatalogPolicy extends GraphObject {
  settings: GraphObject[];
}

export interface IntuneData {
  deviceConfigurations: GraphObject[];
  deviceCompliancePolicies: GraphObject[];
  configurationPolicies: SettingsCatalogPolicy[];
}

/** One customer directory: the app registration it trusts and the Intune configuration it holds. */
export interface FakeDirectory {
  clientId: string;
  clientSecret: string;
  /** False: the app is not installed/consented here (the token endpoint answers AADSTS700016). */
  consented: boolean;
  /** False: tokens carry no DeviceManagementConfiguration.Read.All role (Graph answers 403). */
  permissionGranted: boolean;
  data: IntuneData;
}

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/beta/deviceManagement/deviceConfigurations?$skiptoken=2`. */
  url: string;
  status: number;
  /** When the request arrived (ms since the epoch). */
  at: number;
  /** Set when the client closed the connection before the answer was sent. */
  abortedByClient?: boolean;
}

export type FaultAnswer = { status: number; headers?: Record<string, string>; body?: unknown };

/** A request held without an answer until released (or until the client gives up). */
export interface HeldRequest {
  /** Resolves with the request's URL once it arrived and is being held. */
  reached: Promise<string>;
  /** Resolves once the client closed the connection while it was held. */
  abandoned: Promise<void>;
  release(): void;
}

interface Fault {
  match: RegExp;
  remaining: number;
  answer: FaultAnswer | { hold: HoldControl };
}

interface HoldControl {
  reached(url: string): void;
  abandoned(): void;
  released: Promise<void>;
}

const GRAPH_PREFIX = '/beta/';
const COLLECTIONS: Record<string, keyof IntuneData> = {
  'deviceManagement/deviceConfigurations': 'deviceConfigurations',
  'deviceManagement/deviceCompliancePolicies': 'deviceCompliancePolicies',
  'deviceManagement/configurationPolicies': 'configurationPolicies',
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function entraError(status: number, error: string, code: number, description: string): FaultAnswer {
  return { status, body: { error, error_description: `AADSTS${code}: ${description}\r\nTrace ID: 00000000-0000-0000-0000-000000000000`, error_codes: [code] } };
}

function graphError(status: number, code: string, message: string): FaultAnswer {
  return { status, body: { error: { code, message } } };
}

/**
 * A loopback stand-in for Microsoft Entra's token endpoint and the Intune collections of Microsoft
 * Graph (beta), speaking their protocol shapes: client-credentials tokens with AADSTS errors,
 * `value` pages linked by `@odata.nextLink`, the settings sub-resource of settings-catalog
 * policies, 401/403 error bodies. Tests program faults (throttling with Retry-After, server
 * errors, held pages) and read every request it answered.
 */
export class FakeGraphServer {
  readonly directories = new Map<string, FakeDirectory>();
  readonly requests: RecordedRequest[] = [];
  /** Objects per page of every collection and sub-resource. */
  readonly pageSize = 2;
  private readonly tokens = new Map<string, string>();
  private readonly faults: Fault[] = [];
  private issued = 0;

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<FakeGraphServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeGraphServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (request, response) => void fake.handle(request, response));
    return fake;
  }

  /** The settings that point the connector here. */
  get env(): Record<string, string> {
    return { GRAPH_LOGIN_URL: `${this.origin}/login`, GRAPH_BASE_URL: `${this.origin}/beta` };
  }

  addDirectory(directory: string, setup: Partial<FakeDirectory> & Pick<FakeDirectory, 'clientId' | 'clientSecret'>): FakeDirectory {
    const entry: FakeDirectory = {
      consented: true,
      permissionGranted: true,
      data: { deviceConfigurations: [], deviceCompliancePolicies: [], configurationPolicies: [] },
      ...setup,
    };
    this.directories.set(directory, entry);
    return entry;
  }

  /** The next `times` requests whose path and query match `match` get `answer` instead of the real one. */
  failNext(match: RegExp, answer: FaultAnswer, times = 1): void {
    this.faults.push({ match, remaining: times, answer });
  }

  /** Drops every fault not used up yet. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** The next request matching `match` is held unanswered until released. */
  hold(match: RegExp): HeldRequest {
    let reached!: (url: string) => void;
    let abandoned!: () => void;
    let release!: () => void;
    const control: HoldControl = {
      reached: (url) => reached(url),
      abandoned: () => abandoned(),
      released: new Promise<void>((resolve) => (release = resolve)),
    };
    const handle: HeldRequest = {
      reached: new Promise<string>((resolve) => (reached = resolve)),
      abandoned: new Promise<void>((resolve) => (abandoned = resolve)),
      release: () => release(),
    };
    this.faults.push({ match, remaining: 1, answer: { hold: control } });
    return handle;
  }

  /** Requests to Graph (not to the token endpoint) whose path and query match. */
  graphRequests(match: RegExp = /./): RecordedRequest[] {
    return this.requests.filter((request) => request.url.startsWith(GRAPH_PREFIX) && match.test(request.url));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const record: RecordedRequest = { method: request.method ?? 'GET', url: request.url ?? '/', status: 0, at: Date.now() };
    this.requests.push(record);
    const body = await readBody(request);
    const fault = this.faults.find((candidate) => candidate.remaining > 0 && candidate.match.test(record.url));
    let answer: FaultAnswer;
    if (fault) {
      fault.remaining -= 1;
      if ('hold' in fault.answer) {
        const control = fault.answer.hold;
        response.on('close', () => {
          if (!response.writableFinished) {
            record.abortedByClient = true;
            control.abandoned();
          }
        });
        control.reached(record.url);
        await control.released;
        if (response.destroyed) return;
        answer = this.answer(record.url, request, body);
      } else {
        answer = fault.answer;
      }
    } else {
      answer = this.answer(record.url, request, body);
    }
    record.status = answer.status;
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }

  private answer(url: string, request: IncomingMessage, body: string): FaultAnswer {
    const token = /^\/login\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url);
    if (token && request.method === 'POST') return this.issueToken(decodeURIComponent(token[1]!), new URLSearchParams(body));
    if (url.startsWith(GRAPH_PREFIX) && request.method === 'GET') return this.graph(url, request.headers.authorization);
    return { status: 404, body: { error: { code: 'NotFound', message: `No route for ${request.method} ${url}` } } };
  }

  private issueToken(directoryId: string, form: URLSearchParams): FaultAnswer {
    const directory = this.directories.get(directoryId);
    if (!directory) return entraError(400, 'invalid_request', 90002, `Tenant '${directoryId}' not found.`);
    if (form.get('grant_type') !== 'client_credentials')
      return entraError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    if (form.get('scope') !== `${this.origin}/.default`)
      return entraError(400, 'invalid_scope', 70011, `The provided scope '${form.get('scope')}' is not valid.`);
    if (form.get('client_id') !== directory.clientId || !directory.consented) {
      return entraError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${form.get('client_id')}' was not found in the directory '${directoryId}'.`,
      );
    }
    if (form.get('client_secret') !== directory.clientSecret) {
      return entraError(
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.',
      );
    }
    const accessToken = `fake-token-${++this.issued}`;
    this.tokens.set(accessToken, directoryId);
    return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken } };
  }

  private graph(url: string, authorization: string | undefined): FaultAnswer {
    const directoryId = this.tokens.get((authorization ?? '').replace(/^Bearer /, ''));
    if (!directoryId) return graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    const directory = this.directories.get(directoryId)!;
    if (!directory.permissionGranted)
      return graphError(
        403,
        'Forbidden',
        'Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementConfiguration.Read.All',
      );
    const parsed = new URL(url, this.origin);
    const path = parsed.pathname.slice(GRAPH_PREFIX.length);
    const settings = /^deviceManagement\/configurationPolicies\/([^/]+)\/settings$/.exec(path);
    let items: readonly GraphObject[];
    if (settings) {
      const policy = directory.data.configurationPolicies.find((candidate) => candidate.id === decodeURIComponent(settings[1]!));
      if (!policy) return graphError(404, 'ResourceNotFound', 'The policy does not exist.');
      items = policy.settings.map((setting, index) => ({ ...setting, id: String(index) }));
    } else if (COLLECTIONS[path]) {
      items = directory.data[COLLECTIONS[path]!].map((object) => {
        const { settings: _omitted, ...rest } = object as SettingsCatalogPolicy;
        return rest;
      });
    } else {
      return graphError(400, 'BadRequest', `Resource not found for the segment '${path}'.`);
    }
    const offset = Number(parsed.searchParams.get('$skiptoken') ?? '0');
    const page = items.slice(offset, offset + this.pageSize);
    const next = offset + this.pageSize < items.length ? `${this.origin}${GRAPH_PREFIX}${path}?$skiptoken=${offset + this.pageSize}` : undefined;
    return {
      status: 200,
      body: { '@odata.context': `${this.origin}${GRAPH_PREFIX}$metadata#${path}`, value: page, ...(next ? { '@odata.nextLink': next } : {}) },
    };
  }
}
