import type { Browser, Page } from 'playwright-core';

/** One row of the dashboard's runs table as it was rendered at one moment. */
export interface RowState {
  runId: string;
  status: string;
  outcome: string;
  freshness: string;
  statusLabel: string;
  outcomeLabel: string;
  progress: string;
  note: string;
}

/**
 * Runs in the page: records every row the dashboard renders (rows are replaced, never mutated, so
 * an added row is one complete rendering) and exposes a reader for a row's current state. Plain
 * JavaScript in a string, so nothing of the test's TypeScript build leaks into the browser.
 */
const ROW_RECORDER = `(() => {
  const read = (tr) => ({
    runId: tr.dataset.runId,
    status: tr.dataset.status,
    outcome: tr.dataset.outcome,
    freshness: tr.dataset.freshness,
    statusLabel: tr.querySelector('.status')?.textContent ?? '',
    outcomeLabel: tr.querySelector('.outcome')?.textContent ?? '',
    progress: tr.querySelector('.progress')?.textContent ?? '',
    note: tr.querySelector('.note')?.textContent ?? '',
  });
  const tbody = document.querySelector('#runs tbody');
  window.__renderedRows = [];
  window.__readRow = (runId) => {
    const tr = tbody.querySelector('tr[data-run-id="' + runId + '"]');
    return tr ? read(tr) : null;
  };
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node instanceof HTMLTableRowElement) window.__renderedRows.push(read(node));
    }
  }).observe(tbody, { childList: true });
})()`;

/** The run id of a graphql-ws `next` message carrying an `operationRunEvents` event, else null. */
function pushedRunId(payload: string | Buffer): string | null {
  try {
    const message = JSON.parse(payload.toString());
    return message.type === 'next' ? (message.payload?.data?.operationRunEvents?.run?.id ?? null) : null;
  } catch {
    return null;
  }
}

/**
 * The reference dashboard in a headless browser, with everything it does on the network recorded:
 * the HTTP requests it sends and the run events pushed to it over graphql-ws.
 */
export class DashboardPage {
  /** URLs of HTTP requests the page sent since `signIn` finished its initial load. */
  readonly requestsAfterLoad: string[] = [];
  /** Run ids of the events pushed over the page's WebSocket, in arrival order. */
  readonly pushedRunIds: string[] = [];
  private loaded = false;

  private constructor(readonly page: Page) {
    page.on('request', (request) => {
      if (this.loaded) this.requestsAfterLoad.push(`${request.method()} ${request.url()}`);
    });
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => {
        const runId = pushedRunId(payload);
        if (runId) this.pushedRunIds.push(runId);
      });
    });
  }

  static async open(browser: Browser, baseUrl: string): Promise<DashboardPage> {
    const dashboard = new DashboardPage(await browser.newPage({ viewport: { width: 1280, height: 480 } }));
    await dashboard.page.goto(`${baseUrl}/`);
    await dashboard.page.evaluate(ROW_RECORDER);
    return dashboard;
  }

  /**
   * Pastes the token and signs in; resolves once the initial run list has been answered and the
   * socket is live. From then on every request the page sends is recorded.
   */
  async signIn(token: string): Promise<void> {
    const runList = this.page.waitForResponse((response) => response.url().endsWith('/graphql') && (response.request().postData() ?? '').includes('operationRuns'));
    await this.page.fill('#token', token);
    await this.page.click('#sign-in-form button[type="submit"]');
    await runList;
    await this.page.waitForSelector('#connection[data-state="live"]');
    this.loaded = true;
  }

  /** Waits until the run's row shows `status`, rendered from whatever the page received. */
  async waitForStatus(runId: string, status: string, timeoutMs = 20_000): Promise<RowState> {
    await this.page.waitForSelector(`#runs tbody tr[data-run-id="${runId}"][data-status="${status}"]`, { timeout: timeoutMs });
    return (await this.page.evaluate(`window.__readRow(${JSON.stringify(runId)})`)) as RowState;
  }

  /** Every rendering of the run's row, oldest first. */
  async history(runId: string): Promise<RowState[]> {
    const rows = (await this.page.evaluate('window.__renderedRows')) as RowState[];
    return rows.filter((row) => row.runId === runId);
  }

  async connectionState(): Promise<string | null> {
    return this.page.getAttribute('#connection', 'data-state');
  }
}
