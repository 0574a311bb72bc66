import type { FindingRowFragment, FindingSeverity, FindingStatus } from '../../generated/graphql.js';
import type { ConsoleCommands } from '../commands.js';
import type { ConsoleState, FindingFilter } from '../console-state.js';
import { byId, h, pill, setOptions, time } from '../dom.js';
import { KeyedRows } from '../keyed-rows.js';
import type { Store } from '../store.js';

const STATUSES: readonly FindingStatus[] = ['OPEN', 'RESOLVED'];
const SEVERITIES: readonly FindingSeverity[] = ['HIGH', 'MEDIUM', 'LOW'];
const SEVERITY_TONE: Record<FindingSeverity, string> = { HIGH: 'DANGER', MEDIUM: 'WARNING', LOW: 'INFO' };
const ANY = '';

function findingRow(finding: FindingRowFragment): HTMLTableRowElement {
  return h(
    'tr',
    { data: { findingId: finding.id, status: finding.status, severity: finding.severity, kind: finding.kind } },
    h('td', {}, pill(finding.severity.toLowerCase(), SEVERITY_TONE[finding.severity], 'severity')),
    h('td', {}, pill(finding.status.toLowerCase(), finding.status === 'OPEN' ? 'WARNING' : 'SUCCESS', 'status')),
    h('td', { class: 'kind' }, finding.kind.toLowerCase()),
    h('td', {}, finding.displayName, h('span', { class: 'muted' }, ` ${finding.policyType} · ${finding.subjectExternalId}`)),
    h('td', {}, finding.resolvedAt ? `resolved ${time(finding.resolvedAt)}` : `seen ${time(finding.lastSeenAt)}`),
  );
}

/** Open before resolved, then the most severe first. */
function byUrgency(a: FindingRowFragment, b: FindingRowFragment): number {
  return (
    STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    a.displayName.localeCompare(b.displayName)
  );
}

function matches(finding: FindingRowFragment, filter: FindingFilter): boolean {
  return (filter.status === null || finding.status === filter.status) && (filter.severity === null || finding.severity === filter.severity);
}

/** Findings of the chosen tenant as of its last compare, pushed again whenever one of its compares moves. */
export function mountFindingsView(store: Store<ConsoleState>, commands: ConsoleCommands): void {
  const status = h('select', { attrs: { id: 'finding-filter-status' } });
  const severity = h('select', { attrs: { id: 'finding-filter-severity' } });
  setOptions(status, [{ value: ANY, label: 'Any' }, ...STATUSES.map((value) => ({ value, label: value.toLowerCase() }))]);
  setOptions(severity, [{ value: ANY, label: 'Any' }, ...SEVERITIES.map((value) => ({ value, label: value.toLowerCase() }))]);
  const readFilter = (): FindingFilter => ({
    status: (status.value || null) as FindingStatus | null,
    severity: (severity.value || null) as FindingSeverity | null,
  });
  for (const select of [status, severity]) select.addEventListener('change', () => commands.setFindingFilter(readFilter()));
  const heading = h('h2', { attrs: { id: 'findings-heading' } });
  const lastCompare = h('p', { class: 'muted', attrs: { id: 'findings-last-compare' } });
  const tbody = h('tbody');
  const empty = h('p', { class: 'muted empty' });
  byId('view-findings').append(
    heading,
    lastCompare,
    h('div', { class: 'toolbar' }, h('label', {}, 'Status ', status), h('label', {}, 'Severity ', severity)),
    h(
      'table',
      { attrs: { id: 'findings' } },
      h('caption', { class: 'visually-hidden' }, "The tenant's drift findings"),
      h('thead', {}, h('tr', {}, ...['Severity', 'Status', 'Kind', 'Subject', 'When'].map((title) => h('th', { attrs: { scope: 'col' } }, title)))),
      tbody,
    ),
    empty,
  );
  const rows = new KeyedRows<FindingRowFragment>(tbody, (finding) => finding.id, findingRow);

  store.subscribe(({ findings: panel }) => {
    const tenant = panel?.tenant ?? null;
    heading.textContent = tenant ? `Findings of ${tenant.name}` : 'Findings';
    const run = tenant?.lastCompareRun;
    lastCompare.textContent = !panel
      ? 'Choose "Findings" on a tenant to see its drift.'
      : !tenant
        ? 'Loading…'
        : run
          ? `Last compare: ${run.outcomePresentation.label.toLowerCase()}${run.completedAt ? ` at ${time(run.completedAt)}` : ` (${run.statusPresentation.label.toLowerCase()})`}`
          : 'This tenant was never compared.';
    lastCompare.dataset.runId = run?.id ?? '';
    lastCompare.dataset.status = run?.status ?? '';
    status.value = panel?.filter.status ?? ANY;
    severity.value = panel?.filter.severity ?? ANY;
    const shown = tenant
      ? tenant.findings.edges
          .map((edge) => edge.node)
          .filter((finding) => matches(finding, panel!.filter))
          .sort(byUrgency)
      : [];
    rows.render(shown, null);
    empty.hidden = shown.length > 0 || !tenant;
    empty.textContent = tenant?.findings.pageInfo.hasNextPage ? 'None of the 200 newest findings match.' : 'No findings match.';
  });
}
