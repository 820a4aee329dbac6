// `npm run gen:docs`: writes the documents generated from the code: docs/events.md, and the OpenAPI
// document the api-docs function serves (functions/api-docs/openapi.json).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { eventsDoc } from './docs/events-doc';
import { openApiDoc } from './docs/openapi-doc';

const root = path.join(__dirname, '..');
writeFileSync(path.join(root, 'docs', 'events.md'), eventsDoc());
console.log('wrote docs/events.md');
writeFileSync(path.join(root, 'functions', 'api-docs', 'openapi.json'), openApiDoc());
console.log('wrote functions/api-docs/openapi.json');
