// README.md's "Try it" requests, run as written (bash and curl) against `npm start` on free ports, with a
// database of its own seeded as `npm start` seeds it, and a Redis prefix and exchange/queue names of its
// own. Each request's comment is what it must answer, read whole: a claim that no reader below knows
// fails by name, so a change to the README is a change to this test. Set before config() is first read:
process.env.EVENTS_NAMESPACE = `${process.env.EVENTS_NAMESPACE!}.readme-try-it`;

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import markdownIt from 'markdown-it';
import { deleteKeysUnder } from '../scripts/lib/redis-keys';
import { deleteBrokerTopology } from '../scripts/lib/topology';
import { dropDatabase } from '../shared/db/migrate';
import { finalOrderStatuses, type OrderStatus } from '../shared/domain/orders';
import { until } from './faults/isolated';
import { type NpmStart, npmStartAnswers, spawnNpmStart } from './npm-start';
import { root } from './servers';

// ---------------------------------------------------------------------------------------------
// The README's requests
// ---------------------------------------------------------------------------------------------

interface Command {
  /** Line in README.md (1-based). */
  line: number;
  /** As written, continuation lines joined. */
  text: string;
  /** Its trailing comment and the comment lines right under it, joined: what it must answer. */
  outcome: string;
}

/** Where a `#` outside quotes starts a comment, or -1. */
function commentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (quote) {
      if (char === '\\' && quote === '"') i += 1;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return i;
  }
  return -1;
}

/**
 * The commands of every ```sh block under `## Try it`, in order. A comment line right under a command
 * (no blank line between) continues that command's outcome; one after a blank line is a note.
 */
function tryItCommands(readme: string): Command[] {
  const tokens = markdownIt().parse(readme, {});
  const start = tokens.findIndex((token, i) => token.type === 'heading_open' && token.tag === 'h2' && tokens[i + 1]?.content === 'Try it');
  if (start === -1) throw new Error('README.md has no "## Try it" section');
  const end = tokens.findIndex((token, i) => i > start && token.type === 'heading_open' && token.tag === 'h2');
  const commands: Command[] = [];
  for (const fence of tokens.slice(start, end === -1 ? undefined : end).filter((token) => token.type === 'fence' && token.info === 'sh')) {
    const lines = fence.content.split('\n');
    let last: Command | undefined;
    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i]!.trim();
      if (line === '') last = undefined;
      else if (line.startsWith('#')) {
        if (last) last.outcome = `${last.outcome} ${line.replace(/^#\s*/, '')}`.trim();
      } else {
        const first = i;
        let text = line;
        while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i]!.trim()}`;
        const hash = commentStart(text);
        last = { line: fence.map![0] + 2 + first, text: (hash === -1 ? text : text.slice(0, hash)).trim(), outcome: hash === -1 ? '' : text.slice(hash + 1).trim() };
        commands.push(last);
      }
    }
  }
  return commands;
}

// ---------------------------------------------------------------------------------------------
// Running one, as a reader would in a shell
// ---------------------------------------------------------------------------------------------

interface Answer {
  /** Status and headers of the last request the command made (none for a command without curl). */
  status: number | undefined;
  headers: Record<string, string>;
  body: string;
}

const json = (answer: Answer): any => JSON.parse(answer.body); // eslint-disable-line @typescript-eslint/no-explicit-any

/** The README's ports, and where this file's `npm start` listens instead. */
const ports: Record<string, number> = { 8080: 0, 8090: 0, 8091: 0 };
/** Shell variables the README assigned (TOKEN=…), by name. */
const variables: Record<string, string> = {};
/** Values the README's outcomes named as `<placeholder>`s, for the commands after them. */
const bindings = new Map<string, string>();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'readme-try-it-'));
const headersFile = path.join(scratch, 'headers');

/** The command with this run's ports and the values of its `<placeholder>`s. */
function asRun(command: Command, values: Map<string, string> = bindings): string {
  return command.text
    .replace(/\b(8080|8090|8091)\b/g, (port) => String(ports[port]))
    .replace(/<([A-Za-z]\w*)>/g, (_, name: string) => {
      const value = values.get(name);
      if (value === undefined) throw new Error(`README.md:${command.line} uses <${name}> before any outcome above says what it is`);
      if (!/^[\w.:/-]+$/.test(value)) throw new Error(`<${name}> is ${JSON.stringify(value)}: not something to paste into a shell line`);
      return value;
    });
}

/** Runs a shell line in bash (`set -euo pipefail`), curl recording the headers of each answer. */
async function shell(line: string): Promise<Answer> {
  rmSync(headersFile, { force: true });
  const script = `set -euo pipefail\ncurl() { command curl --dump-header "$README_HEADERS" "$@"; }\n${line}`;
  const { stdout } = await promisify(execFile)('bash', ['-c', script], {
    cwd: root,
    env: { ...process.env, ...variables, README_HEADERS: headersFile },
    maxBuffer: 16 * 1024 * 1024,
  });
  let dumped = '';
  try {
    dumped = readFileSync(headersFile, 'utf8');
  } catch {
    return { status: undefined, headers: {}, body: stdout };
  }
  const [statusLine = '', ...fields] = dumped.trim().split('\r\n');
  const headers = Object.fromEntries(fields.map((field) => [field.slice(0, field.indexOf(':')).toLowerCase(), field.slice(field.indexOf(':') + 1).trim()]));
  // `curl -i` prints the headers before the body.
  const body = stdout.startsWith('HTTP/') ? stdout.slice(stdout.indexOf('\r\n\r\n') + 4) : stdout;
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

// ---------------------------------------------------------------------------------------------
// What the comments say
// ---------------------------------------------------------------------------------------------

/** A command's run, for the checks of its outcome: its answer, and running it again. */
interface Run {
  command: Command;
  answer: Answer;
  again(values?: Map<string, string>): Promise<Answer>;
}

interface Check {
  /** Before the command runs (what a claim depends on, read first). */
  before?: (command: Command) => Promise<void>;
  after: (run: Run) => Promise<void>;
}

const more = '\u0000more';

/** An example in the README's JSON: `…` as a member or an element means "and more", as a value "anything". */
function parseExample(example: string): unknown {
  let text = '';
  let inString = false;
  const open: string[] = [];
  for (let i = 0; i < example.length; i += 1) {
    const char = example[i]!;
    if (inString) {
      text += char;
      if (char === '\\') text += example[++i];
      else if (char === '"') inString = false;
    } else if (char === '…') {
      const previous = text.trimEnd().at(-1);
      text += open.at(-1) === '{' && (previous === '{' || previous === ',') ? `${JSON.stringify(more)}:true` : JSON.stringify(more);
    } else {
      if (char === '"') inString = true;
      else if (char === '{' || char === '[') open.push(char);
      else if (char === '}' || char === ']') open.pop();
      text += char;
    }
  }
  return JSON.parse(text);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `actual` fits a pattern such as `/v1/orders/<orderId>` or `"…"`; binds its placeholders in `values`. */
function fits(pattern: string, actual: string, values: Map<string, string>): boolean {
  const names: string[] = [];
  const parts = pattern.split(/(<[A-Za-z]\w*>|…)/);
  const source = parts.map((part, i) => (i % 2 === 0 ? escapeRegExp(part) : part === '…' ? '.+' : (names.push(part.slice(1, -1)), '([^\\s/"]+)'))).join('');
  const match = new RegExp(`^${source}$`).exec(actual);
  if (!match) return false;
  for (const [i, name] of names.entries()) {
    const value = match[i + 1]!;
    if (values.has(name) && values.get(name) !== value) return false;
    values.set(name, value);
  }
  return true;
}

/** Where `actual` departs from the example (`[]` when it fits), binding the example's placeholders in `values`. */
function departures(expected: unknown, actual: unknown, at: string, values: Map<string, string>): string[] {
  const differs = [`${at}: the README shows ${JSON.stringify(expected)}, the answer has ${JSON.stringify(actual)}`];
  if (expected === more) return [];
  if (typeof expected === 'string') return typeof actual === 'string' && fits(expected, actual, values) ? [] : differs;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return differs;
    const andMore = expected.at(-1) === more;
    const shown = andMore ? expected.slice(0, -1) : expected;
    if (andMore ? actual.length < shown.length : actual.length !== shown.length) return [`${at}: ${shown.length}${andMore ? ' or more' : ''} in the README's example, ${actual.length} in the answer`];
    return shown.flatMap((item, i) => departures(item, actual[i], `${at}[${i}]`, values));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return differs;
    const { [more]: andMore, ...shown } = expected as Record<string, unknown>;
    const unshown = andMore ? [] : Object.keys(actual).filter((key) => !(key in shown)).map((key) => `${at}.${key}: in the answer, not in the README's example (add "…")`);
    return [...unshown, ...Object.entries(shown).flatMap(([key, value]) => (key in actual ? departures(value, (actual as Record<string, unknown>)[key], `${at}.${key}`, values) : [`${at}.${key}: not in the answer`]))];
  }
  return Object.is(expected, actual) ? [] : differs;
}

/** Checks the body against a README example, once or (`eventually`) polling the command until it fits. */
function showsExample(example: string, eventually: boolean): Check {
  const expected = parseExample(example);
  const compare = (answer: Answer) => {
    const values = new Map(bindings);
    const found = departures(expected, json(answer), 'body', values);
    return { found, values };
  };
  return {
    after: async (run) => {
      let result = compare(run.answer);
      if (eventually && result.found.length > 0) {
        result = await until(async () => compare(await run.again()), ({ found }) => found.length === 0, `README.md:${run.command.line} to show ${example}`, { attempts: 100 });
      }
      expect(result.found).toEqual([]);
      for (const [name, value] of result.values) bindings.set(name, value);
    },
  };
}

/** Binds the placeholders of `pattern` to what `actual` has, or fails saying what the README shows. */
function expectFits(what: string, pattern: string, actual: unknown): void {
  const values = new Map(bindings);
  if (typeof actual !== 'string' || !fits(pattern, actual, values)) throw new Error(`${what} is ${JSON.stringify(actual)}, where the README shows ${pattern}`);
  for (const [name, value] of values) bindings.set(name, value);
}

/** The commands above that the scenarios repeat "as above". */
function commandAbove(line: number, what: string, test: (command: Command) => boolean): Command {
  const found = commands.filter((command) => command.line < line && test(command)).at(-1);
  if (!found) throw new Error(`README.md:${line} refers to ${what} above, and there is none`);
  return found;
}
const placeOrderAbove = (line: number) => commandAbove(line, 'a POST /v1/orders with an Idempotency-Key', (command) => command.text.includes('Idempotency-Key:'));
const getOrderAbove = (line: number) => commandAbove(line, 'a GET /v1/orders/<orderId>', (command) => /\/v1\/orders\/<orderId>(\s|$)/.test(command.text) && !/\s-X\s/.test(command.text));

/** The order a scenario placed "as above", and the stock of its product before. */
let placed: { id: string; productId: string; stockBefore: number; line: number } | undefined;
let placedCount = 0;

async function readOrder(line: number, id: string): Promise<{ status: OrderStatus; items: Array<{ productId: string }> }> {
  return json(await shell(asRun(getOrderAbove(line), new Map([...bindings, ['orderId', id]]))));
}

async function stockOf(productId: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${ports[8080]}/v1/products/${productId}`);
  return ((await response.json()) as { stock: number }).stock;
}

/** Polls the order the scenario placed until `done`; answers its status. */
async function placedOrderUntil(done: (status: OrderStatus) => boolean, what: string, attempts = 100): Promise<OrderStatus> {
  if (!placed) throw new Error('no order was placed "as above" before this claim');
  const { id, line } = placed;
  return (await until(() => readOrder(line, id), (order) => done(order.status), what, { attempts })).status;
}

/** Each claim a comment may make: its words, and the check they stand for. A claim no reader takes fails. */
const readers: Array<[RegExp, (match: RegExpExecArray) => Check]> = [
  [
    /^(\d{3}) while not yet paid, else (\d{3})/,
    ([, whileUnpaid, afterwards]) => {
      let before: OrderStatus | undefined;
      return {
        before: async (command) => void (before = (await readOrder(command.line, bindings.get('orderId')!)).status),
        after: async ({ answer }) => expect(answer.status).toBe(Number(['accepted', 'reserved'].includes(before!) ? whileUnpaid : afterwards)),
      };
    },
  ],
  [/^(\d{3})\b/, ([, status]) => ({ after: async ({ answer }) => expect(answer.status).toBe(Number(status)) })],
  [/^(application\/[\w.+-]+)/, ([, type]) => ({ after: async ({ answer }) => expect(answer.headers['content-type']).toMatch(new RegExp(`^${escapeRegExp(type!)}\\b`)) })],
  [/^naming `([^`]+)`/, ([, name]) => ({ after: async ({ answer }) => expect(json(answer).errors.map((error: { name: string }) => error.name)).toContain(name) })],
  [
    /^([A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)*): (\S+)/,
    ([, header, pattern]) => ({ after: async ({ answer }) => expectFits(`the ${header} header`, pattern!, answer.headers[header!.toLowerCase()]) }),
  ],
  [
    /^\(repeat it: same (\d{3}), same order id\)/,
    ([, status]) => ({
      after: async (run) => {
        const again = await run.again();
        expect({ status: again.status, orderId: json(again).orderId }).toEqual({ status: Number(status), orderId: bindings.get('orderId') });
      },
    }),
  ],
  [
    /^(\w+(?: → \w+)+)/,
    ([, sequence]) => ({
      after: async (run) => {
        const steps = sequence!.split(' → ');
        const seen: string[] = [json(run.answer).status];
        if (seen[0] !== steps.at(-1)) {
          const probe = async () => {
            const status: string = json(await run.again()).status;
            seen.push(status);
            return status;
          };
          await until(probe, (status) => status === steps.at(-1), `README.md:${run.command.line} to reach ${steps.at(-1)}`, { attempts: 100 });
        }
        // Every status seen is one the README names, none before one it names earlier.
        const outOfOrder = seen.filter((status, i) => steps.indexOf(status) < Math.max(0, ...seen.slice(0, i).map((earlier) => steps.indexOf(earlier))) || !steps.includes(status));
        expect({ seen, outOfOrder }).toEqual({ seen, outOfOrder: [] });
      },
    }),
  ],
  [
    /^\((\w+): ([^\s)]+)\)/,
    ([, field, pattern]) => ({ after: async ({ answer }) => expectFits(`the answer's ${field}`, pattern!, json(answer)[field!]) }),
  ],
  [
    /^your orders, newest first/,
    () => ({
      after: async ({ answer }) => {
        const items = json(answer).items as Array<{ id: string; customerId: string; createdAt: string }>;
        expect(items.map((order) => order.id)).toContain(bindings.get('orderId'));
        expect(new Set(items.map((order) => order.customerId)).size).toBe(1);
        expect(items.map((order) => order.createdAt)).toEqual(items.map((order) => order.createdAt).sort().reverse());
      },
    }),
  ],
  [
    /^back to normal/,
    () => ({ after: async ({ answer }) => expect(json(answer)).toMatchObject({ down: false, failureRate: 0, latencyMs: 0, declineRate: 0 }) }),
  ],
  [
    /^place an order as above \(another Idempotency-Key\):/,
    () => ({
      after: async ({ command }) => {
        const place = placeOrderAbove(command.line);
        const first = await readOrder(command.line, bindings.get('orderId')!);
        const productId = first.items[0]!.productId;
        const stockBefore = await stockOf(productId);
        placedCount += 1;
        const text = asRun(place).replace(/Idempotency-Key: ([\w-]+)/, (_, key: string) => `Idempotency-Key: ${key}-${placedCount}`);
        const answer = await shell(text);
        expect(answer.status).toBe(202);
        placed = { id: json(answer).orderId, productId, stockBefore, line: command.line };
      },
    }),
  ],
  [
    /^it ends (\w+)/,
    ([, status]) => ({
      after: async () => {
        expect(finalOrderStatuses).toContain(status);
        expect(await placedOrderUntil((now) => finalOrderStatuses.includes(now), 'the order placed as above to end')).toBe(status);
      },
    }),
  ],
  [
    /^and its stock comes back/,
    () => ({
      after: async () => {
        const { productId, stockBefore } = placed!;
        await until(() => stockOf(productId), (stock) => stock === stockBefore, `the stock of ${productId} to be back at ${stockBefore}`);
      },
    }),
  ],
  [/^GET shows it (\w+)/, ([, status]) => ({ after: async () => expect(await placedOrderUntil((now) => now !== 'accepted', 'the order placed as above to be taken')).toBe(status) })],
  [
    /^within one retry delay it is (\w+)/,
    // A delay, not necessarily the first: were the providers back only after the 1 s retry, the breakers
    // (5 failures, open 10 s) would leave it to the 30 s one.
    ([, status]) => ({ after: async () => expect(await placedOrderUntil((now) => now === status || finalOrderStatuses.includes(now), `the order to be ${status}`, 450)).toBe(status) }),
  ],
];

/** The checks of an outcome, in the order it states them; throws naming any words no reader takes. */
function readOutcome(outcome: string): Check[] {
  const checks: Check[] = [];
  let rest = outcome.trim();
  let eventually = false;
  while ((rest = rest.replace(/^[\s,;:]+/, '')) !== '') {
    if (rest.startsWith('eventually ')) {
      eventually = true;
      rest = rest.slice('eventually '.length);
    } else if (rest.startsWith('{')) {
      const end = exampleEnd(rest);
      checks.push(showsExample(rest.slice(0, end), eventually));
      rest = rest.slice(end);
    } else {
      const reader = readers.map(([pattern, check]) => [pattern.exec(rest), check] as const).find(([match]) => match);
      if (!reader) throw new Error(`the README claims "${rest}", and no check in readme-try-it.test.ts reads it: add one`);
      checks.push(reader[1](reader[0]!));
      rest = rest.slice(reader[0]![0].length);
    }
  }
  return checks;
}

/** Where the JSON example at the start of `text` ends: after the brace that closes its first. */
function exampleEnd(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if ((char === '}' || char === ']') && --depth === 0) return i + 1;
  }
  throw new Error(`an example with no end: ${text}`);
}

// ---------------------------------------------------------------------------------------------
// npm start, on this file's own database, Redis prefix and exchange/queue names
// ---------------------------------------------------------------------------------------------

const stackEnv = {
  DATABASE_URL: `${process.env.DATABASE_URL!}_readme`,
  REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX!}readme-try-it:`,
};
let stack: NpmStart | undefined;

async function startNpmStart(): Promise<void> {
  stack = await spawnNpmStart(stackEnv);
  Object.assign(ports, { 8080: stack.ports.gateway, 8090: stack.ports.provider, 8091: stack.ports.fallback });
  // It migrates and seeds 10,000 products first: up to a minute on a busy machine.
  await npmStartAnswers(stack, 60_000);
}

/** SIGTERM to npm start's process group, as Ctrl-C would; SIGKILL if it has not stopped in 30 s. */
async function stopNpmStart(): Promise<void> {
  if (!stack || stack.process.exitCode !== null) return;
  const group = -stack.process.pid!;
  process.kill(group, 'SIGTERM');
  const killer = setTimeout(() => process.kill(group, 'SIGKILL'), 30_000);
  await stack.exited;
  clearTimeout(killer);
}

// ---------------------------------------------------------------------------------------------

const commands = tryItCommands(readFileSync(path.join(root, 'README.md'), 'utf8'));

describe('README.md "Try it", against npm start', () => {
  beforeAll(startNpmStart, 120_000);

  afterAll(async () => {
    await stopNpmStart();
    await dropDatabase(stackEnv.DATABASE_URL);
    await deleteKeysUnder(stackEnv.REDIS_KEY_PREFIX);
    await deleteBrokerTopology();
    rmSync(scratch, { recursive: true, force: true });
  }, 60_000);

  it.each(commands.map((command) => ({ ...command, title: `README.md:${command.line} ${command.text}${command.outcome ? `  # ${command.outcome}` : ''}` })))(
    '$title',
    async (command) => {
      const checks = readOutcome(command.outcome);
      const assignment = /^([A-Za-z_]\w*)=/.exec(command.text)?.[1];
      for (const check of checks) await check.before?.(command);
      const line = asRun(command);
      const answer = await shell(assignment ? `${line}\nprintf '%s' "$${assignment}"` : line);
      if (assignment) {
        expect(answer.body).toMatch(/^\S+$/);
        expect(answer.body).not.toBe('undefined');
        variables[assignment] = answer.body;
      }
      // A request whose comment states no status must at least not fail.
      if (!/^\d{3}\b/.test(command.outcome) && answer.status !== undefined) expect(answer.status).toBeLessThan(400);
      const run: Run = { command, answer, again: async (values) => (run.answer = await shell(asRun(command, values))) };
      for (const check of checks) await check.after(run);
    },
    60_000,
  );
});

describe('reading what the README claims', () => {
  it('fails on a claim that no check reads, naming it', () => {
    expect(() => readOutcome('200, and a pony')).toThrow('the README claims "and a pony", and no check in readme-try-it.test.ts reads it: add one');
  });

  it('reads `…` in an example as "and more" in a list or object, and as "anything" as a value', () => {
    const example = parseExample('{"items":[{"name":"Kettle",…},…],"nextCursor":…}');
    const values = new Map<string, string>();
    expect(departures(example, { items: [{ name: 'Kettle', price: 1 }, { name: 'Pan' }], nextCursor: 'x' }, 'body', values)).toEqual([]);
    expect(departures(example, { items: [{ name: 'Pan' }], nextCursor: null }, 'body', values)).toEqual([
      'body.items[0].name: the README shows "Kettle", the answer has "Pan"',
    ]);
    expect(departures(parseExample('{"items":[{…}]}'), { items: [{}, {}], extra: 1 }, 'body', values)).toEqual([
      'body.extra: in the answer, not in the README\'s example (add "…")',
      "body.items: 1 in the README's example, 2 in the answer",
    ]);
  });

  it('binds a <placeholder> to what the answer has, and holds later answers to it', () => {
    const values = new Map<string, string>();
    expect(departures(parseExample('{"orderId":"<orderId>"}'), { orderId: 'a1' }, 'body', values)).toEqual([]);
    expect(fits('/v1/orders/<orderId>', '/v1/orders/a1', values)).toBe(true);
    expect(fits('/v1/orders/<orderId>', '/v1/orders/b2', values)).toBe(false);
  });
});
