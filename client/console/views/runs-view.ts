import type { RunRowFragment } from '../../generated/graphql.js';
import { allows, CAN_RECONCILE } from '../capabilities.js';
import type { ConsoleCommands } from '../commands.js';
import { sortedTenants, visibleRuns, type ConsoleState } from '../console-state.js';
import { byId, h, pill, setOptions, time } from '../dom.js';
import { KeyedRows } from '../keyed-rows.js';
import { FRESHNESS_STATES, RUN_STATUSES, type RunFilter } from '../run-filter.js';
import { progressText, runProgress } from '../run-progress.js';
import type { Store } from '../store.js';

const KNOWN_TYPES = ['baseline_capture', 'baseline_compare'];
const SOURCES: Record<NonNullable<RunRowFragment['reconciliation']>['source'], string> = {
  FAILURE_BRIDGE: 'failure bridge',
  SCHEDULED_RECONCILER: 'reconciler',
  QUEUE_CHECK: 'queue check',
};
const ANY = '';

function progressCell(run: RunRowFragment): HTMLTableCellElement {
  const progress = runProgress(run);
  const cell = h('td', { class: 'progress' });
  if (progress?.total)
    cell.append(h('progress', { attrs: { max: String(progress.total), value: String(Math.min(progress.done, progress.total)), 'aria-hidden': 'true' } }));
  cell.append(progressText(progress));
  return cell;
}

/** Why the run ended as it did: reconciliation first (the platform resolved it), then its reason, then its artifact. */
function noteCell(run: RunRowFragment): HTMLTableCellElement {
  if (run.reconciliation) {
    const { reasonLabel, nextStep, source } = run.reconciliation;
    return h(
      'td',
      { class: 'note' },
      pill('Reconciled', 'DANGER', 'reconciled'),
      ` ${reasonLabel}`,
      h('span', { class: 'muted next-step' }, ` (by the ${SOURCES[source]}) ${nextStep}`),
    );
  }
  if (run.reason) return h('td', { class: 'note' }, run.reason.label, h('span', { class: 'muted next-step' }, ` ${run.reason.nextStep}`));
  return h('td', { class: 'note' }, run.artifactTruth?.label ?? '');
}

function runRow(run: RunRowFragment): HTMLTableRowElement {
  return h(
    'tr',
    {
      data: {
        runId: run.id,
        type: run.type,
        status: run.status,
        outcome: run.outcome,
        freshness: run.freshness.state,
        progress: progressText(runProgress(run)),
        reconciled: String(run.reconciliation !== null),
      },
    },
    h('td', {}, run.type),
    h('td', {}, run.tenant?.name ?? '—'),
    h('td', {}, pill(run.statusPresentation.label, run.statusPresentation.tone, 'status')),
    h('td', {}, pill(run.outcomePresentation.label, run.outcomePresentation.tone, 'outcome')),
    h('td', { class: 'freshness' }, run.freshness.label),
    progressCell(run),
    noteCell(run),
    h('td', {}, time(run.createdAt)),
  );
}

function filterSelect(id: string, label: string): { field: HTMLLabelElement; select: HTMLSelectElement } {
  const select = h('select', { attrs: { id } });
  return { field: h('label', {}, `${label} `, select), select };
}

/** Runs of the workspace, live, with filters; "Reconcile now" for callers who may reconcile. */
export function mountRunsView(store: Store<ConsoleState>, commands: ConsoleCommands): void {
  const section = byId('view-runs');
  const tenant = filterSelect('run-filter-tenant', 'Tenant');
  const type = filterSelect('run-filter-type', 'Type');
  const status = filterSelect('run-filter-status', 'Status');
  const freshness = filterSelect('run-filter-freshness', 'Freshness');
  const reconcile = h('button', { attrs: { type: 'button', id: 'reconcile-now' }, onClick: () => void commands.reconcileNow() }, 'Reconcile now');
  const tbody = h('tbody');
  const empty = h('p', { class: 'muted empty' }, 'No runs match. New runs appear here as soon as they are queued.');
  section.append(
    h('div', { class: 'toolbar' }, tenant.field, type.field, status.field, freshness.field, reconcile),
    h(
      'table',
      { attrs: { id: 'runs' } },
      h('caption', { class: 'visually-hidden' }, 'Operation runs, newest first, updated live as the server pushes each transition'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Type', 'Tenant', 'Status', 'Outcome', 'Freshness', 'Progress', 'Note', 'Created'].map((title) => h('th', { attrs: { scope: 'col' } }, title)),
        ),
      ),
      tbody,
    ),
    empty,
  );
  const rows = new KeyedRows<RunRowFragment>(tbody, (run) => run.id, runRow);

  const readFilter = (): RunFilter => ({
    tenantId: tenant.select.value || null,
    type: type.select.value || null,
    status: (status.select.value || null) as RunFilter['status'],
    freshness: (freshness.select.value || null) as RunFilter['freshness'],
  });
  for (const { select } of [tenant, type, status, freshness]) select.addEventListener('change', () => commands.setRunFilter(readFilter()));
  setOptions(status.select, [{ value: ANY, label: 'Any' }, ...RUN_STATUSES.map((value) => ({ value, label: value.toLowerCase() }))]);
  setOptions(freshness.select, [{ value: ANY, label: 'Any' }, ...FRESHNESS_STATES.map((value) => ({ value, label: value.toLowerCase().replace(/_/g, ' ') }))]);

  store.subscribe((state) => {
    setOptions(tenant.select, [{ value: ANY, label: 'Any' }, ...sortedTenants(state).map((entry) => ({ value: entry.id, label: entry.name }))]);
    const types = new Set([...KNOWN_TYPES, ...[...state.runs.values()].map((run) => run.type)]);
    setOptions(type.select, [{ value: ANY, label: 'Any' }, ...[...types].sort().map((value) => ({ value, label: value }))]);
    tenant.select.value = state.runFilter.tenantId ?? ANY;
    type.select.value = state.runFilter.type ?? ANY;
    status.select.value = state.runFilter.status ?? ANY;
    freshness.select.value = state.runFilter.freshness ?? ANY;
    reconcile.hidden = !allows(state.workspace?.capabilities ?? [], CAN_RECONCILE);
    const runs = visibleRuns(state);
    rows.render(runs, null);
    empty.hidden = runs.length > 0;
  });
}
