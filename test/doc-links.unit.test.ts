// Every relative link in README.md and docs/ leads to a file of this repository, and its #anchor to a heading
// of that file; so does every file path a page names in its text (shared/http/define.ts, `../x.md`). External links
// (https:, mailto:) are not fetched. Markdown is read by markdown-it, so what counts as a link, a code span
// or a heading is what CommonMark says, not what a regular expression guesses.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import markdownIt, { type Token } from 'markdown-it';
import { root } from './servers';

const markdown = markdownIt({ html: true });

/** README.md and every page under docs/, as paths relative to the repository. */
const pages = [
  'README.md',
  ...readdirSync(path.join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => path.join('docs', file))
    .sort(),
];

/**
 * GitHub's id for a heading: its text lower-cased, every character but letters, digits, `_`, `-` and
 * spaces dropped, spaces made `-`; the second heading with the same id gets `-1`, the third `-2`.
 */
function headingIds(tokens: Token[]): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  tokens.forEach((token, index) => {
    if (token.type === 'heading_open') {
      const text = (tokens[index + 1]?.children ?? [])
        .filter((child) => child.type === 'text' || child.type === 'code_inline')
        .map((child) => child.content)
        .join('');
      const id = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
      const repeats = seen.get(id) ?? 0;
      seen.set(id, repeats + 1);
      ids.add(repeats === 0 ? id : `${id}-${repeats}`);
    }
    // An anchor written as HTML (<a id="…">, <a name="…">) is a target too.
    for (const html of [token, ...(token.children ?? [])].filter((t) => t.type === 'html_block' || t.type === 'html_inline')) {
      for (const match of html.content.matchAll(/\s(?:id|name)="([^"]+)"/g)) ids.add(match[1]!);
    }
  });
  return ids;
}

const anchorsOf = new Map<string, Set<string>>();
function anchors(file: string): Set<string> {
  let ids = anchorsOf.get(file);
  if (!ids) anchorsOf.set(file, (ids = headingIds(markdown.parse(readFileSync(file, 'utf8'), {}))));
  return ids;
}

interface Reference {
  line: number;
  target: string;
  /** A link resolves against its page's folder; a path written in the text may also be from the repository's root. */
  kind: 'link' | 'path';
}

/** A relative file path: folders, a `/`, a name with a file extension, and maybe an #anchor. */
const file = String.raw`(?:\.\.?/)?[\w.@-]+(?:/[\w.@-]+)+\.(?:ts|mts|js|mjs|cjs|json|ya?ml|md|sql|sh|png|dot|tsv|csv)(?:#[\w-]+)?`;
/** A file path in prose, not part of a URL or of a longer word. */
const pathInText = new RegExp(String.raw`(?<![\w/.:-])${file}(?![\w/-])`, 'g');
/**
 * A code span that is a file path, whole: so not a command (`node dist/…/index.js`), an API path
 * (`/v1/…`) or a pattern (`functions/<name>/`, `migrations/*.sql`).
 */
const pathInCode = new RegExp(String.raw`^(?:${file}|\.\.?/\S+)$`);

/** Links, images and file paths (in the text and as code) of one page, with their line numbers (1-based). */
function referencesIn(text: string): Reference[] {
  const references: Reference[] = [];
  for (const block of markdown.parse(text, {})) {
    let line = (block.map?.[0] ?? 0) + 1;
    for (const token of block.children ?? []) {
      if (token.type === 'softbreak' || token.type === 'hardbreak') line += 1;
      const target = token.type === 'link_open' ? token.attrGet('href') : token.type === 'image' ? token.attrGet('src') : null;
      if (target !== null) references.push({ line, target: String(target), kind: 'link' });
      if (token.type === 'code_inline' && pathInCode.test(token.content)) references.push({ line, target: token.content, kind: 'path' });
      if (token.type === 'text') for (const [match] of token.content.matchAll(pathInText)) references.push({ line, target: match, kind: 'path' });
    }
  }
  return references;
}

/**
 * Why a reference from `page` (relative to the repository) leads nowhere, or undefined when it leads
 * somewhere; `ownIds` are the page's own heading ids, for a link to `#anchor`.
 */
function brokenBecause(page: string, ownIds: Set<string>, { target, kind }: Reference): string | undefined {
  if (/^[a-z][a-z\d+.-]*:|^\/\//i.test(target)) return undefined; // https:, mailto:, //host: not ours to check
  const hash = target.indexOf('#');
  const [pathPart, fragment] = hash === -1 ? [target, undefined] : [target.slice(0, hash), decodeURIComponent(target.slice(hash + 1))];
  const relative = decodeURIComponent(pathPart);
  if (relative === '') return fragment === undefined || ownIds.has(fragment) ? undefined : `this page has no heading #${fragment}`;
  const candidates = relative.startsWith('/')
    ? [path.join(root, relative)]
    : [path.resolve(path.dirname(path.join(root, page)), relative), ...(kind === 'path' ? [path.resolve(root, relative)] : [])];
  const file = candidates.find((candidate) => !path.relative(root, candidate).startsWith('..') && existsSync(candidate));
  if (!file) return `no such file in the repository: ${candidates.map((candidate) => path.relative(root, candidate)).join(' or ')}`;
  if (fragment !== undefined && file.endsWith('.md') && !anchors(file).has(fragment)) {
    return `${path.relative(root, file)} has no heading #${fragment} (it has ${[...anchors(file)].map((id) => `#${id}`).join(', ')})`;
  }
  return undefined;
}

function brokenIn(page: string, text: string): string[] {
  const ownIds = headingIds(markdown.parse(text, {}));
  return referencesIn(text).flatMap((reference) => {
    const why = brokenBecause(page, ownIds, reference);
    return why ? [`${page}:${reference.line} ${reference.target} — ${why}`] : [];
  });
}

describe('links in the docs', () => {
  it.each(pages)('%s: every relative link, anchor and file path leads somewhere', (page) => {
    expect(brokenIn(page, readFileSync(path.join(root, page), 'utf8'))).toEqual([]);
  });

  it('finds a missing file, a missing heading, a path in code or text that leads nowhere, and a link out of the repository', () => {
    const page = [
      '# Title',
      'See [ops](operations.md#rate-limits), [a repeat](#usage-1), [gone](missing.md) and [no heading](operations.md#nope).',
      '',
      '## Usage',
      '## Usage',
      '',
      'Code: `shared/http/define.ts`, `../shared/design.md`, `functions/<name>/`, `/v1/orders/{id}`; out: [up](../../etc/hosts).',
      'Text: shared/http/define.ts, docs/operations.md#dead-letters, shared/http/gone.ts, https://example.com/a/b.md.',
      '',
      '```sh',
      'cat [not](a-link.md)',
      '```',
    ].join('\n');

    expect(brokenIn('docs/example.md', page)).toEqual([
      'docs/example.md:2 missing.md — no such file in the repository: docs/missing.md',
      expect.stringMatching(/^docs\/example\.md:2 operations\.md#nope — docs\/operations\.md has no heading #nope \(it has #operations-limits-timeouts-breakers, #rate-limits, /),
      'docs/example.md:7 ../shared/design.md — no such file in the repository: shared/design.md or ../shared/design.md',
      'docs/example.md:7 ../../etc/hosts — no such file in the repository: ../etc/hosts',
      'docs/example.md:8 shared/http/gone.ts — no such file in the repository: docs/shared/http/gone.ts or shared/http/gone.ts',
    ]);
  });
});
