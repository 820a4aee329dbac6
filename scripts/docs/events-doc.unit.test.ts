import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eventTypes } from '../../shared/events/registry';
import { eventsDoc } from './events-doc';

describe('docs/events.md', () => {
  it('is what npm run gen:docs generates from the registry (run it after changing an event)', () => {
    expect(readFileSync(path.join(__dirname, '../../docs/events.md'), 'utf8')).toBe(eventsDoc());
  });

  it('documents every event type with its schema', () => {
    const doc = eventsDoc();
    for (const type of Object.keys(eventTypes)) expect(doc).toContain(`### \`${type}\``);
  });
});
