import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { rawJson, Reply } from '../../shared/http';
// Generated from every function's definition by `npm run gen:docs` (a test fails when it is stale):
// this function then bundles a document, not every other function's code (1,028 -> ~800 KB).
import openApi from './openapi.json';

let document: string | undefined;

export function openApiDocument(): Reply {
  document ??= JSON.stringify(openApi);
  return rawJson(document);
}

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Brisk API reference</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="reference"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>SwaggerUIBundle({ url: '/openapi.json', dom_id: '#reference', deepLinking: true });</script>
</body>
</html>`;

export function docsPage(): Reply {
  return new Reply(200, page, { 'content-type': 'text/html; charset=utf-8' });
}

/** The build copies swagger-ui's assets beside each bundle that serves them; from source they come from node_modules. */
const assetDir = existsSync(path.join(__dirname, 'swagger-ui'))
  ? path.join(__dirname, 'swagger-ui')
  : path.dirname(require.resolve('swagger-ui-dist/package.json'));

const contentTypes = { 'swagger-ui-bundle.js': 'text/javascript; charset=utf-8', 'swagger-ui.css': 'text/css; charset=utf-8' };
const assets = new Map<string, Promise<Buffer>>();

export async function docsAsset(name: keyof typeof contentTypes): Promise<Reply> {
  const bytes = assets.get(name) ?? readFile(path.join(assetDir, name));
  assets.set(name, bytes);
  return new Reply(200, await bytes, { 'content-type': contentTypes[name] });
}
