import type { GraphObject, IntuneData, SettingsCatalogPolicy } from './fake-graph-server.js';

/** A deterministic GUID for the n-th object of a kind, so tests can name objects across syncs. */
export function objectId(kind: 'config' | 'compliance' | 'catalog', n: number): string {
  const prefix = { config: 'c0', compliance: 'c1', catalog: 'c2' }[kind];
  return `${prefix}000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** Server-managed properties a real Graph object carries; the connector leaves them out of the payload. */
function managed(id: string, version: number) {
  return { id, version, createdDateTime: '2026-01-05T08:00:00Z', lastModifiedDateTime: `2026-02-0${Math.min(version, 9)}T08:00:00Z` };
}

export function deviceConfiguration(n: number, overrides: Record<string, unknown> = {}, version = 1): GraphObject {
  return {
    '@odata.type': '#microsoft.graph.windows10GeneralConfiguration',
    ...managed(objectId('config', n), version),
    displayName: `Windows restrictions ${n}`,
    description: null,
    passwordRequired: true,
    passwordMinimumLength: 8 + n,
    roleScopeTagIds: ['0'],
    ...overrides,
  };
}

export function compliancePolicy(n: number, overrides: Record<string, unknown> = {}, version = 1): GraphObject {
  return {
    '@odata.type': '#microsoft.graph.windows10CompliancePolicy',
    ...managed(objectId('compliance', n), version),
    displayName: `Windows compliance ${n}`,
    bitLockerEnabled: true,
    osMinimumVersion: `10.0.${19045 + n}`,
    ...overrides,
  };
}

export function settingsCatalogPolicy(
  n: number,
  values: Record<string, string> = { device_vendor_msft_policy_config_defender_allowrealtimemonitoring: '1' },
): SettingsCatalogPolicy {
  const { version: _version, ...policy } = managed(objectId('catalog', n), 1);
  return {
    ...policy,
    name: `Defender settings ${n}`,
    description: '',
    platforms: 'windows10',
    technologies: 'mdm',
    settingCount: Object.keys(values).length,
    roleScopeTagIds: ['0'],
    settings: Object.entries(values).map(([definition, value]) => ({
      id: 'placeholder',
      settingInstance: {
        '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance',
        settingDefinitionId: definition,
        choiceSettingValue: { value: `${definition}_${value}`, children: [] },
      },
    })),
  };
}

/** `configurations` device configurations, `compliance` compliance policies and `catalog` settings-catalog policies. */
export function intuneData(counts: { configurations: number; compliance: number; catalog: number }): IntuneData {
  const range = (count: number) => Array.from({ length: count }, (_, index) => index + 1);
  return {
    deviceConfigurations: range(counts.configurations).map((n) => deviceConfiguration(n)),
    deviceCompliancePolicies: range(counts.compliance).map((n) => compliancePolicy(n)),
    configurationPolicies: range(counts.catalog).map((n) => settingsCatalogPolicy(n)),
  };
}

export const SYNCED_POLICY_TYPES = ['deviceConfiguration', 'compliancePolicy', 'settingsCatalogPolicy'];
