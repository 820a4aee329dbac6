// `npm run gen:docs`: writes the documents generated from the code (docs/events.md).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { eventsDoc } from './docs/events-doc';

writeFileSync(path.join(__dirname, '..', 'docs', 'events.md'), eventsDoc());
console.log('wrote docs/events.md');
