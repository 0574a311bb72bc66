import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../../src/platform/canonical-json.js';
import { graphPolicyPayload, graphSettingsPayload } from '../../../../src/modules/inventory/connectors/microsoft-graph/graph-payload.js';

const POLICY = {
  '@odata.type': '#microsoft.graph.windows10GeneralConfiguration',
  id: '11111111-1111-1111-1111-111111111111',
  displayName: 'Windows hardening',
  description: 'Baseline',
  createdDateTime: '2026-01-01T00:00:00Z',
  lastModifiedDateTime: '2026-02-01T00:00:00Z',
  version: 4,
  passwordRequired: true,
  'roleScopeTagIds@odata.context': 'https://graph.microsoft.com/beta/$metadata#Collection(Edm.String)',
  roleScopeTagIds: ['0'],
  omaSettings: [{ '@odata.type': '#microsoft.graph.omaSettingString', '@odata.etag': 'W/"1"', omaUri: './Vendor/MSFT/A', value: 'x' }],
};

describe('Graph payload normalisation', () => {
  it('keeps configuration and the object type, drops server-managed properties and OData annotations at every depth', () => {
    expect(graphPolicyPayload(POLICY)).toEqual({
      '@odata.type': '#microsoft.graph.windows10GeneralConfiguration',
      displayName: 'Windows hardening',
      description: 'Baseline',
      passwordRequired: true,
      roleScopeTagIds: ['0'],
      omaSettings: [{ '@odata.type': '#microsoft.graph.omaSettingString', omaUri: './Vendor/MSFT/A', value: 'x' }],
    });
  });

  it('the same configuration in another tenant, saved at another time, hashes the same', () => {
    const elsewhere = {
      ...POLICY,
      id: '22222222-2222-2222-2222-222222222222',
      version: 9,
      lastModifiedDateTime: '2026-03-01T00:00:00Z',
      '@odata.context': 'x',
    };
    expect(contentHash(graphPolicyPayload(elsewhere))).toBe(contentHash(graphPolicyPayload(POLICY)));
  });

  it('a changed setting changes the hash', () => {
    expect(contentHash(graphPolicyPayload({ ...POLICY, passwordRequired: false }))).not.toBe(contentHash(graphPolicyPayload(POLICY)));
  });

  it('settings-catalog settings hash the same in any order and whatever positional ids Graph gave them', () => {
    const a = {
      id: '0',
      settingInstance: {
        '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance',
        settingDefinitionId: 'device_vendor_msft_a',
        choiceSettingValue: { value: 'a_1' },
      },
    };
    const b = {
      id: '1',
      settingInstance: {
        '@odata.type': '#microsoft.graph.deviceManagementConfigurationSimpleSettingInstance',
        settingDefinitionId: 'device_vendor_msft_b',
        simpleSettingValue: { value: 5 },
      },
    };
    const forward = graphSettingsPayload([a, b]);
    const backward = graphSettingsPayload([
      { ...b, id: '0' },
      { ...a, id: '1' },
    ]);
    expect(backward).toEqual(forward);
    expect(forward.every((setting) => !Object.hasOwn(setting as object, 'id'))).toBe(true);
    expect(contentHash(graphSettingsPayload([a, { ...b, settingInstance: { ...b.settingInstance, simpleSettingValue: { value: 6 } } }]))).not.toBe(
      contentHash(forward),
    );
  });
});
