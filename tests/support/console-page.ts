import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from './wait-for.js';

/** One event pushed to the page over graphql-ws: the subscription it belongs to and its root field's value. */
export interface PushedEvent {
  operation: string;
  cursor: string;
  event: any;
}

export interface NoticeText {
  tone: string | null;
  title: string;
  detail: string;
  nextStep: string;
}

const SCREENSHOT_DIR = 'test-results';

/**
 * Runs in the page before its scripts: a switch that sends new WebSockets to a closed port while
 * set (so a dropped socket cannot reconnect until the test allows it), and a way to close the open ones.
 */
const SOCKET_SWITCH = `(() => {
  const Native = window.WebSocket;
  const sockets = [];
  const state = { blocked: false };
  window.__sockets = {
    block() { state.blocked = true; for (const socket of sockets) if (socket.readyState <= 1) socket.close(3000, 'dropped by the test'); },
    unblock() { state.blocked = false; },
  };
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(state.blocked ? 'ws://127.0.0.1:9/graphql' : url, protocols);
      sockets.push(this);
    }
  };
})()`;

/** One rendering of a run's row: rows are replaced, never changed, so each added row is one state. */
export interface RenderedRun {
  runId: string;
  status: string;
  progress: string;
}

/** Records every run row the runs view adds from now on, in `window.__renderedRuns`. */
const RUN_ROW_RECORDER = `(() => {
  window.__renderedRuns = [];
  new MutationObserver((records) => {
    for (const record of records) {
      for (const row of record.addedNodes) {
        if (row instanceof HTMLTableRowElement) {
          window.__renderedRuns.push({ runId: row.dataset.runId, status: row.dataset.status, progress: row.dataset.progress });
        }
      }
    }
  }).observe(document.querySelector('#runs tbody'), { childList: true });
})()`;

function parse(payload: string | Buffer): any {
  try {
    return JSON.parse(payload.toString());
  } catch {
    return null;
  }
}

/**
 * The console in a headless browser, driven the way a user drives it, with what it does on the
 * network recorded: the HTTP requests it sends and every subscription event pushed to it.
 */
export class ConsolePage {
  /** Events pushed over the page's sockets (all of them, across reconnects), in arrival order. */
  readonly pushed: PushedEvent[] = [];
  /** Every HTTP request the page sent, as "METHOD url". */
  readonly requests: string[] = [];
  /** The operation name of every GraphQL request the page sent over HTTP, in order. */
  readonly operationsSent: string[] = [];
  private readonly operations = new Map<string, string>();

  private constructor(readonly page: Page) {
    page.on('request', (request) => {
      this.requests.push(`${request.method()} ${request.url()}`);
      const name = /^\s*(?:query|mutation)\s+(\w+)/.exec(parse(request.postData() ?? '')?.query ?? '')?.[1];
      if (name) this.operationsSent.push(name);
    });
    page.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => {
        const message = parse(payload);
        const name = /subscription\s+(\w+)/.exec(message?.payload?.query ?? '')?.[1];
        if (message?.type === 'subscribe' && name) this.operations.set(message.id, name);
      });
      socket.on('framereceived', ({ payload }) => {
        const message = parse(payload);
        if (message?.type !== 'next' || !message.payload?.data) return;
        const event = Object.values(message.payload.data)[0] as { cursor: string };
        this.pushed.push({ operation: this.operations.get(message.id) ?? 'unknown', cursor: event.cursor, event });
      });
    });
  }

  static async open(browser: Browser, baseUrl: string): Promise<ConsolePage> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.addInitScript(SOCKET_SWITCH);
    const console = new ConsolePage(page);
    await page.goto(`${baseUrl}/`);
    return console;
  }

  /** Pastes the token and signs in; resolves once the workspace is loaded and the socket is live. */
  async signIn(token: string): Promise<void> {
    const loaded = this.page.waitForResponse((response) => (response.request().postData() ?? '').includes('ConsoleWorkspace'));
    await this.page.fill('#token', token);
    await this.page.click('#sign-in-form button[type="submit"]');
    await loaded;
    await this.waitForConnection('live');
  }

  async waitForConnection(state: string): Promise<void> {
    await this.page.waitForSelector(`#connection[data-state="${state}"]`, { timeout: 30_000 });
  }

  async connectionLabel(): Promise<string> {
    return (await this.page.textContent('#connection')) ?? '';
  }

  async selectView(view: string): Promise<void> {
    await this.page.click(`#tabs button[data-view="${view}"]`);
    await this.page.waitForSelector(`#view-${view}:not([hidden])`);
  }

  /** Waits for the notice of an action (its title matching `title`) and reads it. */
  async waitForNotice(title: RegExp): Promise<NoticeText> {
    return waitFor(
      async () => {
        const notice = await this.page.evaluate(() => {
          const element = document.getElementById('notice')!;
          if (element.hidden) return null;
          const text = (selector: string) => element.querySelector(selector)?.textContent ?? '';
          return { tone: element.dataset.tone ?? null, title: text('.title'), detail: text('.detail'), nextStep: text('.next-step') };
        });
        return notice && title.test(notice.title) ? notice : null;
      },
      30_000,
      50,
      `a notice titled ${title}`,
    );
  }

  /** Waits until an element matching `selector` exists and returns its data attributes and text. */
  async waitForRow(selector: string, timeoutMs = 30_000): Promise<{ data: Record<string, string>; text: string }> {
    const row = await this.page.waitForSelector(selector, { timeout: timeoutMs, state: 'attached' });
    return row.evaluate((element: HTMLElement) => ({ data: { ...element.dataset } as Record<string, string>, text: element.textContent ?? '' }));
  }

  /** The data attributes and text of every element matching `selector`, in page order. */
  async rows(selector: string): Promise<{ data: Record<string, string>; text: string }[]> {
    return this.page.$$eval(selector, (elements) =>
      elements.map((element) => ({ data: { ...(element as HTMLElement).dataset } as Record<string, string>, text: element.textContent ?? '' })),
    );
  }

  /** Starts recording the renderings of run rows (after sign-in, once the runs view exists). */
  async recordRunRows(): Promise<void> {
    await this.page.evaluate(RUN_ROW_RECORDER);
  }

  /** Every rendering of the run's row since `recordRunRows`, oldest first. */
  async renderedRun(runId: string): Promise<RenderedRun[]> {
    const rows = (await this.page.evaluate('window.__renderedRuns')) as RenderedRun[];
    return rows.filter((row) => row.runId === runId);
  }

  /** Events pushed on one subscription of the console (e.g. `ConsoleRunEvents`). */
  events(operation: string): PushedEvent[] {
    return this.pushed.filter((event) => event.operation === operation);
  }

  /** Closes the page's sockets and keeps new ones from connecting until `restoreSockets`. */
  async dropSockets(): Promise<void> {
    await this.page.evaluate('window.__sockets.block()');
  }

  async restoreSockets(): Promise<void> {
    await this.page.evaluate('window.__sockets.unblock()');
  }

  /** Saves a full-page screenshot under test-results/ and returns its path. */
  async screenshot(name: string): Promise<string> {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `console-${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
    process.stdout.write(`screenshot: ${path.resolve(file)}\n`);
    return file;
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}
