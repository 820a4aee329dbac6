import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lint, loadConfig } from '@redocly/openapi-core';
import { Document, type RulesetDefinition, Spectral } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { parse } from 'yaml';

/**
 * The contract lints clean: functions/api-docs/openapi.json (what `npm run gen:docs` writes, and
 * openapi-doc.test.ts keeps current) against Spectral's spectral:oas and Redocly's recommended rules,
 * with the rules turned off in .spectral.yaml and redocly.yaml (each with its reason); and a client
 * typed by openapi-typescript from it typechecks.
 */
const root = path.resolve(__dirname, '../..');
const documentPath = path.join(root, 'functions/api-docs/openapi.json');
const documentText = readFileSync(documentPath, 'utf8');

/** .spectral.yaml as a ruleset: `spectral:oas` is the oas ruleset of @stoplight/spectral-rulesets. */
function spectralRuleset(): RulesetDefinition {
  const file = parse(readFileSync(path.join(root, '.spectral.yaml'), 'utf8')) as { extends: unknown[]; rules?: Record<string, unknown> };
  const extended = file.extends.map((entry) => {
    const [name, mode = 'recommended'] = Array.isArray(entry) ? entry : [entry];
    if (name !== 'spectral:oas') throw new Error(`.spectral.yaml extends ${String(name)}; only spectral:oas is mapped here`);
    return [oas, mode] as [typeof oas, 'all' | 'recommended'];
  });
  return { extends: extended, rules: file.rules ?? {} } as RulesetDefinition;
}

const spectralSeverities = ['error', 'warn', 'info', 'hint'];

describe('the OpenAPI document', () => {
  it("has no error or warning for Spectral's spectral:oas (.spectral.yaml)", async () => {
    const spectral = new Spectral();
    spectral.setRuleset(spectralRuleset());
    const results = await spectral.run(new Document(documentText, Json, documentPath));
    const found = results
      .filter((result) => result.severity <= 1)
      .map((result) => `${spectralSeverities[result.severity]} ${String(result.code)} at ${result.path.join('.')}: ${result.message}`);
    expect(found).toEqual([]);
  });

  it("has no error or warning for Redocly's recommended rules (redocly.yaml)", async () => {
    const config = await loadConfig({ configPath: path.join(root, 'redocly.yaml') });
    const problems = await lint({ ref: documentPath, config });
    const found = problems
      .filter((problem) => problem.severity === 'error' || problem.severity === 'warn')
      .map((problem) => `${problem.severity} ${problem.ruleId} at ${problem.location[0]?.pointer ?? '?'}: ${problem.message}`);
    expect(found).toEqual([]);
  });
});

/**
 * A client written against the generated types: it reads a product's fields, places an order with
 * its Idempotency-Key and reads the OrderAccepted answer and its Location, and handles a problem.
 * The `@ts-expect-error` lines fail the check if the types ever loosen to `any`.
 */
const client = `
import type { components, operations, paths } from './schema';

type Product = components['schemas']['Product'];
type ProductPage = paths['/v1/products']['get']['responses'][200]['content']['application/json'];
type OrderRequest = paths['/v1/orders']['post']['requestBody']['content']['application/json'];
type Accepted = paths['/v1/orders']['post']['responses'][202];
type Problem = components['schemas']['Problem'];

declare function send(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; headers: Record<string, string>; json(): unknown }>;

export async function cheapest(category: string): Promise<{ name: string; price: number; inStock: boolean } | undefined> {
  const query: NonNullable<operations['products-list.get']['parameters']['query']> = { category, sort: 'price', limit: '1' };
  const answer = await send('GET', '/v1/products?' + new URLSearchParams(query as Record<string, string>).toString(), {});
  const page = answer.json() as ProductPage;
  const first: Product | undefined = page.items[0];
  // @ts-expect-error: nextCursor is a string or null, never a number
  const cursor: number | null = page.nextCursor;
  void cursor;
  return first && { name: first.name, price: first.price, inStock: first.stock > 0 };
}

export async function placeOrder(productId: string, key: string): Promise<{ orderId: string; location: string } | Problem> {
  const order: OrderRequest = { items: [{ productId, quantity: 1 }] };
  // @ts-expect-error: an order holds items, nothing else
  const wrong: OrderRequest = { items: [], coupon: 'FREE' };
  void wrong;
  const headers: operations['orders-create.post']['parameters']['header'] = { 'Idempotency-Key': key };
  const answer = await send('POST', '/v1/orders', { ...headers, 'content-type': 'application/json' }, order);
  if (answer.status !== 202) return answer.json() as Problem;
  const accepted = answer.json() as Accepted['content']['application/json'];
  const status: 'accepted' = accepted.status;
  void status;
  const location: Accepted['headers']['Location'] = answer.headers['location'] ?? '';
  return { orderId: accepted.orderId, location };
}

export function retryAfter(answer: paths['/v1/orders']['post']['responses'][503]['headers']): number {
  return answer['Retry-After'];
}
`;

describe('a client typed by openapi-typescript from the document', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'brisk-openapi-client-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('typechecks under strict', async () => {
    const schema = astToString(await openapiTS(JSON.parse(documentText) as Parameters<typeof openapiTS>[0]));
    writeFileSync(path.join(dir, 'schema.d.ts'), schema);
    writeFileSync(path.join(dir, 'client.ts'), client);
    const program = ts.createProgram([path.join(dir, 'client.ts')], {
      strict: true,
      noUncheckedIndexedAccess: true,
      noUnusedLocals: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file ? `${path.basename(diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
    expect(schema).toContain('OrderAccepted');
  });
});
