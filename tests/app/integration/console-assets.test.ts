import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsoleScript } from '../../../src/app/http/console.js';
import { useApp } from '../../support/use-app.js';

describe('the console assets: built from client/console when the server starts, served from its own origin', () => {
  const suite = useApp({ world: false });
  let broken: string;

  beforeAll(async () => {
    broken = await mkdtemp(path.join(os.tmpdir(), 'tenantgraph-console-'));
  });
  afterAll(async () => {
    await rm(broken, { recursive: true, force: true });
  });

  it('bundles the console, graphql-ws and the generated documents into one script that loads nothing else', async () => {
    // Booleans, not matchers on the script: a failure would print the whole bundle.
    const script = await buildConsoleScript();
    expect(/^"use strict";\(\(\)=>\{.*\}\)\(\);\s*$/s.test(script)).toBe(true);
    expect(/(?:^|[;}\n])import[\s{*"']|\bimport\(|\brequire\(/.test(script)).toBe(false);
    expect(script.includes('graphql-transport-ws')).toBe(true);
    expect(script.includes('ConsoleRunEvents')).toBe(true);
  });

  it('serves the page with a policy that allows only its own origin, and the stylesheet and script beside it', async () => {
    const page = await fetch(`${suite.app.http.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script src="/console.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);

    const script = await fetch(`${suite.app.http.url}/console.js`);
    expect(script.headers.get('content-type')).toContain('application/javascript');
    expect((await script.text()) === (await buildConsoleScript())).toBe(true);
    expect((await fetch(`${suite.app.http.url}/console.css`)).headers.get('content-type')).toContain('text/css');
  });

  it('does not serve the console sources', async () => {
    for (const source of ['/main.ts', '/client/console/main.ts', '/console.ts', '/tsconfig.json']) {
      expect((await fetch(`${suite.app.http.url}${source}`)).status, source).toBe(404);
    }
  });

  it('a console that does not build is an error naming the file, the line and what is wrong', async () => {
    const entry = path.join(broken, 'main.ts');
    await writeFile(entry, "import { missing } from './nowhere.js';\nconsole.log(missing);\n");
    const failure = buildConsoleScript(entry);
    await expect(failure).rejects.toThrow(/^The console could not be built from .*main\.ts:\n/);
    await expect(failure).rejects.toThrow(/main\.ts:1:\d+: ERROR: Could not resolve "\.\/nowhere\.js"/);

    await writeFile(entry, 'export const fixed = 1;\n');
    await expect(buildConsoleScript(entry)).resolves.toContain('(()=>{');
  });
});
