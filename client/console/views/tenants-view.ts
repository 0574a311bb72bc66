import type { TenantRowFragment } from '../../generated/graphql.js';
import { allows, CAN_START_COMPARE } from '../capabilities.js';
import type { ConsoleCommands } from '../commands.js';
import { sortedTenants, type ConsoleState } from '../console-state.js';
import { byId, h, pill, time } from '../dom.js';
import { KeyedRows } from '../keyed-rows.js';
import type { Store } from '../store.js';

/** The baseline truth a compare of the tenant would use: the profile's current snapshot, and a newer attempt when there is one. */
function baselineCell(tenant: TenantRowFragment): HTMLTableCellElement {
  const profile = tenant.assignedBaselineProfile;
  if (!profile) return h('td', { class: 'baseline muted' }, 'No baseline profile');
  const { effectiveSnapshot: effective, latestAttemptedSnapshot: latest } = tenant.compareReadiness;
  return h(
    'td',
    { class: 'baseline' },
    h('span', {}, profile.name),
    h('br'),
    effective
      ? h('span', { class: 'truth' }, `${effective.usabilityLabel}: ${effective.itemCount} items, captured ${time(effective.capturedAt)}`)
      : h('span', { class: 'truth muted' }, 'No complete snapshot yet'),
    latest && latest.id !== effective?.id ? h('span', { class: 'muted attempt' }, ` · latest attempt: ${latest.usabilityLabel}`) : null,
  );
}

function readinessCell(tenant: TenantRowFragment): HTMLTableCellElement {
  const readiness = tenant.compareReadiness;
  if (readiness.allowed) return h('td', { class: 'readiness' }, pill('Ready', 'SUCCESS'), ` ${readiness.nextAction}`);
  return h(
    'td',
    { class: 'readiness' },
    pill(readiness.reason?.label ?? 'Not ready', 'WARNING'),
    h('span', { class: 'muted next-step' }, ` ${readiness.nextAction}`),
  );
}

function lastCompareCell(tenant: TenantRowFragment): HTMLTableCellElement {
  const run = tenant.lastCompareRun;
  if (!run) return h('td', { class: 'last-compare muted' }, 'Never compared');
  return h('td', { class: 'last-compare' }, pill(run.outcomePresentation.label, run.outcomePresentation.tone), ` ${time(run.completedAt)}`);
}

/** Tenants with their compare readiness and current baseline truth; compare and findings from each row. */
export function mountTenantsView(store: Store<ConsoleState>, commands: ConsoleCommands): void {
  const tbody = h('tbody');
  byId('view-tenants').append(
    h(
      'table',
      { attrs: { id: 'tenants' } },
      h('caption', { class: 'visually-hidden' }, 'Tenants, with the baseline a compare would use and whether it can start now'),
      h(
        'thead',
        {},
        h('tr', {}, ...['Tenant', 'Baseline truth', 'Compare readiness', 'Last compare', ''].map((title) => h('th', { attrs: { scope: 'col' } }, title))),
      ),
      tbody,
    ),
  );
  const rows = new KeyedRows<TenantRowFragment, boolean>(
    tbody,
    (tenant) => tenant.id,
    (tenant, canCompare) =>
      h(
        'tr',
        { data: { tenantId: tenant.id, compareAllowed: String(tenant.compareReadiness.allowed) } },
        h('td', {}, tenant.name, tenant.status === 'ARCHIVED' ? h('span', { class: 'muted' }, ' (archived)') : null),
        baselineCell(tenant),
        readinessCell(tenant),
        lastCompareCell(tenant),
        h(
          'td',
          { class: 'actions' },
          canCompare
            ? h('button', { class: 'start-compare', attrs: { type: 'button' }, onClick: () => void commands.startCompare(tenant.id) }, 'Start compare')
            : null,
          h('button', { class: 'show-findings', attrs: { type: 'button' }, onClick: () => commands.showFindings(tenant.id) }, 'Findings'),
        ),
      ),
  );
  store.subscribe((state) => rows.render(sortedTenants(state), allows(state.workspace?.capabilities ?? [], CAN_START_COMPARE)));
}
