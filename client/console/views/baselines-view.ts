import type { ProfileRowFragment, SnapshotRowFragment } from '../../generated/graphql.js';
import { allows, CAN_START_CAPTURE } from '../capabilities.js';
import type { ConsoleCommands } from '../commands.js';
import { proofText } from '../completion-proof.js';
import { sortedTenants, type ConsoleState } from '../console-state.js';
import { byId, h, pill, setOptions, time } from '../dom.js';
import { KeyedRows } from '../keyed-rows.js';
import type { Store } from '../store.js';

const TRUTH_TONE = { CURRENT: 'SUCCESS', SUPERSEDED: 'NEUTRAL', NOT_USABLE: 'WARNING' } as const;

function snapshotRow(snapshot: SnapshotRowFragment): HTMLTableRowElement {
  return h(
    'tr',
    { data: { snapshotId: snapshot.id, lifecycle: snapshot.lifecycleState ?? 'UNCLASSIFIED', truth: snapshot.truth } },
    h('td', {}, time(snapshot.capturedAt)),
    h('td', {}, pill(snapshot.lifecyclePresentation.label, snapshot.lifecyclePresentation.tone, 'lifecycle')),
    h('td', {}, pill(snapshot.usabilityLabel, TRUTH_TONE[snapshot.truth], 'truth')),
    h('td', { class: 'items' }, String(snapshot.itemCount)),
    h('td', { class: 'proof' }, proofText(snapshot)),
    h('td', { class: 'note' }, snapshot.reason ? `${snapshot.reason.label}. ${snapshot.reason.nextStep}` : ''),
  );
}

function profileSummary(profile: ProfileRowFragment | undefined): string {
  if (!profile) return 'No baseline profiles in this workspace.';
  const more = profile.snapshots.pageInfo.hasNextPage ? ' (the 20 newest snapshots are shown)' : '';
  return `${profile.status.toLowerCase()} profile, ${profile.captureMode === 'FULL_CONTENT' ? 'full content' : 'metadata only'}${more}`;
}

/** A profile's snapshots with their lifecycle, truth and completion proof; "Start capture" for callers who may capture. */
export function mountBaselinesView(store: Store<ConsoleState>, commands: ConsoleCommands): void {
  const profileSelect = h('select', { attrs: { id: 'profile' } });
  profileSelect.addEventListener('change', () => commands.selectProfile(profileSelect.value));
  const source = h('select', { attrs: { id: 'capture-source' } });
  const captureForm = h(
    'form',
    {
      attrs: { id: 'capture-form' },
      onSubmit: (event) => {
        event.preventDefault();
        void commands.startCapture(profileSelect.value, source.value);
      },
    },
    h('label', {}, 'Capture from ', source),
    h('button', { attrs: { type: 'submit', id: 'start-capture' } }, 'Start capture'),
  );
  const summary = h('p', { class: 'muted', attrs: { id: 'profile-summary' } });
  const tbody = h('tbody');
  byId('view-baselines').append(
    h('div', { class: 'toolbar' }, h('label', {}, 'Profile ', profileSelect), captureForm),
    summary,
    h(
      'table',
      { attrs: { id: 'snapshots' } },
      h('caption', { class: 'visually-hidden' }, "The selected profile's snapshots, newest first"),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Captured', 'State', 'Baseline truth', 'Items', 'Completion proof', 'Note'].map((title) => h('th', { attrs: { scope: 'col' } }, title)),
        ),
      ),
      tbody,
    ),
  );
  const rows = new KeyedRows<SnapshotRowFragment>(tbody, (snapshot) => snapshot.id, snapshotRow);

  store.subscribe((state) => {
    const profiles = [...state.profiles.values()].sort((a, b) => a.name.localeCompare(b.name));
    setOptions(
      profileSelect,
      profiles.map((profile) => ({ value: profile.id, label: profile.name })),
    );
    if (state.selectedProfileId) profileSelect.value = state.selectedProfileId;
    setOptions(
      source,
      sortedTenants(state).map((tenant) => ({ value: tenant.id, label: tenant.name })),
    );
    const profile = state.selectedProfileId ? state.profiles.get(state.selectedProfileId) : undefined;
    captureForm.hidden = !profile || !allows(state.workspace?.capabilities ?? [], CAN_START_CAPTURE);
    summary.textContent = profileSummary(profile);
    rows.render(profile?.snapshots.edges.map((edge) => edge.node) ?? [], null);
  });
}
