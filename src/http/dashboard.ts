import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));
const require = createRequire(import.meta.url);
const GRAPHQL_WS_UMD = path.join(path.dirname(require.resolve('graphql-ws/package.json')), 'umd', 'graphql-ws.min.js');

/** The reference live dashboard: static files at /, and graphql-ws's browser bundle from node_modules (no CDN, no build). */
export function dashboardRoutes(): Router {
  const router = express.Router();
  router.get('/vendor/graphql-ws.min.js', (_request, response) => {
    response.type('application/javascript').sendFile(GRAPHQL_WS_UMD);
  });
  router.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: 0 }));
  return router;
}
