// `npm run gen:docs`: writes the documents generated from the code: docs/events.md, and the OpenAPI and
// AsyncAPI documents the api-docs function serves (functions/api-docs/openapi.json and asyncapi.json).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { asyncApiDoc } from './docs/asyncapi-doc';
import { eventsDoc } from './docs/events-doc';
import { openApiDoc } from './docs/openapi-doc';

const root = path.join(__dirname, '..');
writeFileSync(path.join(root, 'docs', 'events.md'), eventsDoc());
console.log('wrote docs/events.md');
writeFileSync(path.join(root, 'functions', 'api-docs', 'openapi.json'), openApiDoc());
console.log('wrote functions/api-docs/openapi.json');
writeFileSync(path.join(root, 'functions', 'api-docs', 'asyncapi.json'), asyncApiDoc());
console.log('wrote functions/api-docs/asyncapi.json');
