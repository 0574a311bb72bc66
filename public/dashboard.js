/* tenantgraph reference dashboard: initial state over HTTP once, then only pushed events over
 * graphql-ws. It never polls: a run's row changes only when the server sends an event for it. */
(() => {
  const RUN_FIELDS = `
    id type createdAt
    tenant { name }
    status outcome
    statusPresentation { label tone }
    outcomePresentation { label tone }
    freshness { state label }
    summaryCounts { key value }
    reason { label }
    reconciliation { reasonLabel }`;
  const state = { token: sessionStorage.getItem('tenantgraph.token') || '', client: null, unsubscribe: null, runs: new Map(), cursor: null };
  const $ = (id) => document.getElementById(id);

  async function http(query, variables) {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${state.token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors && body.errors.length) throw new Error(body.errors[0].message);
    return body.data;
  }

  function setConnection(label, tone) {
    const el = $('connection');
    el.textContent = label;
    el.className = `pill ${tone}`;
    el.dataset.state = label;
  }

  /** The run's progress counter as { done, total } (total null when unknown), or null without one. */
  function progressOf(run) {
    const counts = Object.fromEntries(run.summaryCounts.map((c) => [c.key, c.value]));
    const pairs = [['steps_done', 'steps_total'], ['items_persisted', 'items_expected'], ['subjects_compared', null]];
    for (const [done, total] of pairs) {
      if (counts[done] === undefined) continue;
      return { done: counts[done], total: total && counts[total] !== undefined ? counts[total] : null };
    }
    return null;
  }

  /** "3 / 5" beside a bar (the text is what assistive technology reads), or just the count. */
  function progressCell(run) {
    const td = document.createElement('td');
    td.className = 'progress';
    const progress = progressOf(run);
    if (!progress) return td;
    if (progress.total) {
      const bar = document.createElement('progress');
      bar.max = progress.total;
      bar.value = Math.min(progress.done, progress.total);
      bar.setAttribute('aria-hidden', 'true');
      td.append(bar);
    }
    td.append(progress.total ? `${progress.done} / ${progress.total}` : String(progress.done));
    return td;
  }

  function cell(text, className) {
    const td = document.createElement('td');
    if (className) {
      const span = document.createElement('span');
      span.className = className;
      span.textContent = text;
      td.append(span);
    } else {
      td.textContent = text;
    }
    return td;
  }

  function render(run, flash) {
    const tbody = $('runs').querySelector('tbody');
    let row = tbody.querySelector(`tr[data-run-id="${run.id}"]`);
    const fresh = document.createElement('tr');
    fresh.dataset.runId = run.id;
    fresh.dataset.status = run.status;
    fresh.dataset.outcome = run.outcome;
    fresh.dataset.freshness = run.freshness.state;
    fresh.append(
      cell(run.type),
      cell(run.tenant ? run.tenant.name : '—'),
      cell(run.statusPresentation.label, `pill ${run.statusPresentation.tone.toLowerCase()} status`),
      cell(run.outcomePresentation.label, `pill ${run.outcomePresentation.tone.toLowerCase()} outcome`),
      cell(run.freshness.label),
      progressCell(run),
      cell(run.reconciliation ? run.reconciliation.reasonLabel : run.reason ? run.reason.label : ''),
      cell(new Date(run.createdAt).toLocaleTimeString()),
    );
    fresh.querySelector('td:nth-child(7)').className = 'note';
    if (flash) fresh.classList.add('flash');
    if (row) row.replaceWith(fresh);
    else tbody.prepend(fresh);
    $('empty').hidden = tbody.children.length > 0;
  }

  function subscribe(workspaceId) {
    if (state.unsubscribe) state.unsubscribe();
    // graphql-ws re-sends this same payload object when it reconnects, so keeping `after` current
    // makes every resubscription resume exactly after the last event received.
    const payload = {
      query: `subscription($workspaceId: ID!, $after: String) {
        operationRunEvents(workspaceId: $workspaceId, after: $after) { cursor kind run { ${RUN_FIELDS} } }
      }`,
      variables: { workspaceId, after: state.cursor },
    };
    state.unsubscribe = state.client.subscribe(payload, {
      next: ({ data, errors }) => {
        if (errors && errors.length) return setConnection(errors[0].message, 'danger');
        const event = data.operationRunEvents;
        state.cursor = event.cursor;
        payload.variables.after = event.cursor;
        state.runs.set(event.run.id, event.run);
        render(event.run, true);
      },
      error: (error) => setConnection(error && error.reason ? error.reason : 'subscription error', 'danger'),
      complete: () => undefined,
    });
  }

  async function loadWorkspace(workspaceId) {
    $('runs').querySelector('tbody').replaceChildren();
    state.runs.clear();
    // The list comes with a cursor taken just before it was read; subscribing after that cursor
    // replays whatever changed while the list loaded, so no transition falls between the two.
    const data = await http(
      `query($workspaceId: ID!) { operationRuns(workspaceId: $workspaceId, first: 50) { eventCursor edges { node { ${RUN_FIELDS} } } } }`,
      { workspaceId },
    );
    for (const { node } of [...data.operationRuns.edges].reverse()) {
      state.runs.set(node.id, node);
      render(node, false);
    }
    $('empty').hidden = state.runs.size > 0;
    state.cursor = data.operationRuns.eventCursor;
    subscribe(workspaceId);
  }

  async function signIn(token) {
    state.token = token.trim();
    const data = await http('{ me { user { email } memberships { workspace { id name } role } } }');
    sessionStorage.setItem('tenantgraph.token', state.token);
    $('viewer').textContent = data.me.user.email;
    const select = $('workspace');
    select.replaceChildren(...data.me.memberships.map((m) => new Option(`${m.workspace.name} (${m.role.toLowerCase()})`, m.workspace.id)));
    state.client = graphqlWs.createClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
      connectionParams: () => ({ authorization: `Bearer ${state.token}` }),
      retryAttempts: Infinity,
      shouldRetry: (event) => !(event && (event.code === 4401 || event.code === 4403)),
      on: {
        connected: () => setConnection('live', 'success'),
        closed: (event) => setConnection(event && event.code === 4401 ? 'signed out: token rejected' : 'reconnecting', 'warning'),
      },
    });
    $('sign-in').hidden = true;
    $('workspace-view').hidden = false;
    if (data.me.memberships.length > 0) await loadWorkspace(select.value);
  }

  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    $('sign-in-error').textContent = '';
    signIn($('token').value).catch((error) => ($('sign-in-error').textContent = error.message));
  });
  $('workspace').addEventListener('change', (event) => loadWorkspace(event.target.value));
  $('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem('tenantgraph.token');
    location.reload();
  });
  if (state.token) signIn(state.token).catch(() => sessionStorage.removeItem('tenantgraph.token'));
})();
