import { describe, expect, it } from 'vitest';
import { defaultDisplayName, nameInWorkspace } from '../../../../src/modules/workspaces/domain/member-names.js';

describe('the name a workspace shows for a user', () => {
  const account = { email: 'max.mustermann@example.test', displayName: 'Name given by another workspace' };

  it('is the name the workspace gave the member', () => {
    expect(nameInWorkspace(account, { displayName: 'Max' })).toBe('Max');
  });

  it('is the account’s own name for a member the workspace named nothing (its creator, older members)', () => {
    expect(nameInWorkspace(account, { displayName: null })).toBe('Name given by another workspace');
  });

  it('is the email’s local part for a user who is no longer a member', () => {
    expect(nameInWorkspace(account, null)).toBe('max.mustermann');
  });

  it('defaults to the email’s local part', () => {
    expect(defaultDisplayName('max@example.test')).toBe('max');
  });
});
