import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDoc } from './openapi-doc';

describe('functions/api-docs/openapi.json', () => {
  it('is what npm run gen:docs generates from the function definitions (run it after changing a route or schema)', () => {
    expect(readFileSync(path.join(__dirname, '../../functions/api-docs/openapi.json'), 'utf8')).toBe(openApiDoc());
  });
});
