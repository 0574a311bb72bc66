import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Message } from 'esbuild';
import express, { type Router } from 'express';

const CONSOLE_DIR = fileURLToPath(new URL('../../../client/console/', import.meta.url));
export const CONSOLE_ENTRY = path.join(CONSOLE_DIR, 'main.ts');

/** The console's page, stylesheet and script, held in memory. */
export interface ConsoleAssets {
  html: string;
  css: string;
  script: string;
}

const bundles = new Map<string, Promise<string>>();

/** "file:line:column: ERROR: text", one line per error. */
function describeMessage(message: Message): string {
  const where = message.location ? `${message.location.file}:${message.location.line}:${message.location.column}: ` : '';
  return `  ${where}ERROR: ${message.text}`;
}

async function bundle(entryPoint: string): Promise<string> {
  try {
    const result = await build({
      entryPoints: [entryPoint],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors ?? [];
    const details = errors.length > 0 ? errors.map(describeMessage) : [(error as Error).message];
    throw new Error(`The console could not be built from ${path.relative(process.cwd(), entryPoint)}:\n${details.join('\n')}`);
  }
}

/**
 * Bundles the console (its TypeScript, the generated documents and graphql-ws) into one browser
 * script, once per process and entry point. A failed build is not kept, so the next call retries.
 */
export function buildConsoleScript(entryPoint = CONSOLE_ENTRY): Promise<string> {
  let pending = bundles.get(entryPoint);
  if (!pending) {
    pending = bundle(entryPoint);
    bundles.set(entryPoint, pending);
    pending.catch(() => bundles.delete(entryPoint));
  }
  return pending;
}

/** Builds the script and reads the page and stylesheet; rejects with the build errors when it fails. */
export async function loadConsoleAssets(): Promise<ConsoleAssets> {
  const [html, css, script] = await Promise.all([
    readFile(path.join(CONSOLE_DIR, 'index.html'), 'utf8'),
    readFile(path.join(CONSOLE_DIR, 'console.css'), 'utf8'),
    buildConsoleScript(),
  ]);
  return { html, css, script };
}

/** Scripts, styles and sockets only from this origin: the page loads nothing from anywhere else. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The live console at /, with its stylesheet and bundled script. */
export function consoleRoutes(assets: ConsoleAssets): Router {
  const router = express.Router();
  router.use((_request, response, next) => {
    response.set({ 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    next();
  });
  router.get('/', (_request, response) => {
    response.set('content-security-policy', CONTENT_SECURITY_POLICY).type('html').send(assets.html);
  });
  router.get('/console.css', (_request, response) => {
    response.type('css').send(assets.css);
  });
  router.get('/console.js', (_request, response) => {
    response.type('application/javascript').send(assets.script);
  });
  return router;
}
