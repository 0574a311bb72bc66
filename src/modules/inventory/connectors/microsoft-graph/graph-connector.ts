import { contentHash } from '../../../../platform/canonical-json.js';
import { ConnectorFailure, type ConnectorStats, type InventoryConnector, type SourceSubject } from '../inventory-connector.js';
import type { GraphClient } from './graph-client.js';
import { graphPolicyPayload, graphSettingsPayload } from './graph-payload.js';

type GraphObject = Record<string, unknown> & { id: string };

interface GraphCollection {
  policyType: string;
  path: string;
  /** Settings-catalog policies keep their settings in a sub-resource, read for each policy. */
  withSettings?: boolean;
}

/** The Intune configuration a sync pulls, and the inventory policy type of each collection. */
export const GRAPH_COLLECTIONS: readonly GraphCollection[] = [
  { policyType: 'deviceConfiguration', path: 'deviceManagement/deviceConfigurations' },
  { policyType: 'compliancePolicy', path: 'deviceManagement/deviceCompliancePolicies' },
  { policyType: 'settingsCatalogPolicy', path: 'deviceManagement/configurationPolicies', withSettings: true },
];

function invalid(message: string): ConnectorFailure {
  return new ConnectorFailure('inventory_sync.source_response_invalid', message);
}

function displayNameOf(object: GraphObject): string {
  for (const key of ['displayName', 'name']) {
    const value = object[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return object.id;
}

/**
 * Intune configuration from Microsoft Graph: device configurations, compliance policies and
 * settings-catalog policies (with their settings). Collections are read in full through
 * `@odata.nextLink` paging: none of them offers a delta function, so every sync lists everything,
 * and the sync decides per subject from the content hash whether anything changed.
 */
export class MicrosoftGraphConnector implements InventoryConnector {
  readonly policyTypes = GRAPH_COLLECTIONS.map((collection) => collection.policyType);

  constructor(
    private readonly client: GraphClient,
    private readonly baseUrl: string,
  ) {}

  get stats(): ConnectorStats {
    return this.client.stats;
  }

  async *listSubjects(signal: AbortSignal): AsyncIterable<SourceSubject[]> {
    for (const collection of GRAPH_COLLECTIONS) {
      for await (const objects of this.pages(collection.path, signal)) {
        const subjects: SourceSubject[] = [];
        for (const object of objects) {
          const payload = graphPolicyPayload(object);
          if (collection.withSettings) {
            const settings: GraphObject[] = [];
            for await (const page of this.pages(`${collection.path}/${encodeURIComponent(object.id)}/settings`, signal)) settings.push(...page);
            payload.settings = graphSettingsPayload(settings);
          }
          subjects.push({
            policyType: collection.policyType,
            externalId: object.id,
            displayName: displayNameOf(object),
            payload,
            contentHash: contentHash(payload),
          });
        }
        yield subjects;
      }
    }
  }

  /** The objects of one collection, page by page, following `@odata.nextLink` (only ever back to this Graph). */
  private async *pages(path: string, signal: AbortSignal): AsyncIterable<GraphObject[]> {
    let next: string | null = `${this.baseUrl}/${path}`;
    while (next) {
      const body = (await this.client.get(next, signal)) as { value?: unknown; '@odata.nextLink'?: unknown } | null;
      if (body === null || typeof body !== 'object' || !Array.isArray(body.value)) throw invalid(`The page of ${path} has no "value" list.`);
      const objects = body.value.map((object: unknown, index: number) => {
        if (object === null || typeof object !== 'object' || typeof (object as { id?: unknown }).id !== 'string') {
          throw invalid(`Entry ${index} of a page of ${path} is not an object with a string id.`);
        }
        return object as GraphObject;
      });
      const link = body['@odata.nextLink'];
      if (link !== undefined && link !== null && (typeof link !== 'string' || !link.startsWith(`${this.baseUrl}/`))) {
        // The bearer token goes wherever the link points: never follow it off this Graph.
        throw invalid(`The page of ${path} links its next page outside ${this.baseUrl}.`);
      }
      yield objects;
      next = typeof link === 'string' ? link : null;
    }
  }
}
