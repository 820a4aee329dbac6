import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The layers of layers.json (docs/architecture.md#layers), checked over every import of every source
 * file: `import type`, `export … from`, `import()` and `require()` included, which the linter's
 * no-restricted-imports does not all see. Test files and test/ are outside the layers.
 */

interface Layer {
  name: string;
  folders: string[];
  independent?: boolean;
}

interface Place {
  folder: string;
  layer: string;
  layerIndex: number;
  index: number;
  independent: boolean;
}

/** One import: the importing file, the file it resolves to, and the specifier as written. */
interface Edge {
  from: string;
  to: string;
  specifier: string;
}

const root = path.join(__dirname, '..');
const { layers } = JSON.parse(readFileSync(path.join(root, 'layers.json'), 'utf8')) as { layers: Layer[] };
const places: Place[] = layers.flatMap((layer, layerIndex) =>
  layer.folders.map((folder, index) => ({ folder, layer: layer.name, layerIndex, index, independent: layer.independent === true })),
);

/** The table's folder a file is in (the longest that contains it), or undefined. */
const placeOf = (file: string): Place | undefined =>
  places.filter((place) => file.startsWith(`${place.folder}/`)).sort((a, b) => b.folder.length - a.folder.length)[0];

/** What layers.json allows: lower layers, earlier folders of a layer whose folders are not independent, and itself. */
function mayImport(from: Place, to: Place): boolean {
  if (to === from || to.layerIndex < from.layerIndex) return true;
  return to.layerIndex === from.layerIndex && !from.independent && to.index < from.index;
}

/** Every import of a file that crosses from one folder of the table into another it may not import, or into test/. */
function violations(edges: Edge[]): string[] {
  const found: string[] = [];
  for (const edge of edges) {
    const from = placeOf(edge.from);
    if (!from) continue;
    const to = placeOf(edge.to);
    if (edge.to.startsWith('test/')) found.push(`${edge.from} imports '${edge.specifier}': test/ is for tests`);
    else if (to && !mayImport(from, to)) {
      found.push(`${edge.from} imports '${edge.specifier}': ${from.folder} (${from.layer}) may not import ${to.folder} (${to.layer})`);
    }
  }
  return found;
}

/** The strongly connected groups of more than one node (Tarjan), each as the nodes it holds. */
function cyclesOf(nodes: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of nodes.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!));
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of nodes.keys()) if (!index.has(node)) visit(node);
  return groups;
}

/** Import cycles between the table's folders, and between files, each named with the files that close it. */
function cycles(edges: Edge[]): string[] {
  const folderGraph = new Map<string, Set<string>>();
  const fileGraph = new Map<string, Set<string>>();
  const link = (graph: Map<string, Set<string>>, from: string, to: string) => graph.set(from, (graph.get(from) ?? new Set()).add(to));
  for (const edge of edges) {
    link(fileGraph, edge.from, edge.to);
    const from = placeOf(edge.from)?.folder;
    const to = placeOf(edge.to)?.folder;
    if (from && to && from !== to) link(folderGraph, from, to);
  }
  const across = (group: string[], of: (file: string) => string | undefined) =>
    edges.filter((edge) => group.includes(of(edge.from) ?? '') && group.includes(of(edge.to) ?? '') && of(edge.from) !== of(edge.to));
  return [
    ...cyclesOf(folderGraph).map(
      (group) => `folders ${group.join(' ⇄ ')}: ${across(group, (file) => placeOf(file)?.folder).map((edge) => `${edge.from} → ${edge.to}`).join(', ')}`,
    ),
    ...cyclesOf(fileGraph).map((group) => `files ${group.join(' ⇄ ')}`),
  ];
}

const sourceFile = /\.(ts|mts|js|mjs|cjs)$/;
const isTest = (file: string) => /\.test\.ts$/.test(file);

function sourcesUnder(folder: string): string[] {
  return readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const file = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourcesUnder(file);
    return sourceFile.test(entry.name) && !isTest(entry.name) ? [file] : [];
  });
}

/** The file a relative specifier names, as TypeScript and esbuild resolve it (undefined: not a file of the repository). */
function resolve(from: string, specifier: string): string | undefined {
  const base = path.join(path.dirname(path.join(root, from)), specifier);
  const candidates = [base, ...['.ts', '.mts', '.js', '.mjs', '.cjs'].map((extension) => base + extension), path.join(base, 'index.ts')];
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  return found && path.relative(root, found).split(path.sep).join('/');
}

/** Every relative import of every source file of the table's folders. */
function importEdges(): Edge[] {
  return places.flatMap(({ folder }) =>
    sourcesUnder(folder).flatMap((from) =>
      ts
        .preProcessFile(readFileSync(path.join(root, from), 'utf8'), true, true)
        .importedFiles.map(({ fileName: specifier }) => specifier)
        .filter((specifier) => specifier.startsWith('.'))
        .flatMap((specifier) => {
          const to = resolve(from, specifier);
          return to ? [{ from, to, specifier }] : [];
        }),
    ),
  );
}

describe('layers (layers.json, docs/architecture.md#layers)', () => {
  const edges = importEdges();

  it('place every folder of shared/ in one layer', () => {
    const folders = readdirSync(path.join(root, 'shared'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `shared/${entry.name}`);
    expect(folders.filter((folder) => !places.some((place) => place.folder === folder))).toEqual([]);
    expect(places.filter((place) => !existsSync(path.join(root, place.folder))).map((place) => place.folder)).toEqual([]);
    expect(new Set(places.map((place) => place.folder)).size).toBe(places.length);
  });

  it('has no import that reaches up a layer, into a later or independent folder of its own, or into test/', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(violations(edges)).toEqual([]);
  });

  it('has no import cycle, between folders or between files, type-only imports included', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it('finds an upward import, a cycle and a test helper imported by code, naming the file', () => {
    const made: Edge[] = [
      { from: 'shared/cache/redis.ts', to: 'shared/runtime/identity.ts', specifier: '../runtime/identity' },
      { from: 'shared/runtime/serve.ts', to: 'shared/cache/redis.ts', specifier: '../cache/redis' },
      { from: 'shared/db/index.ts', to: 'shared/cache/index.ts', specifier: '../cache' },
      { from: 'shared/http/define.ts', to: 'shared/http/middlewares/authorize.ts', specifier: './middlewares/authorize' },
      { from: 'shared/http/middlewares/authorize.ts', to: 'shared/http/define.ts', specifier: '../define' },
      { from: 'shared/domain/orders.ts', to: 'test/orders/flow.ts', specifier: '../../test/orders/flow' },
    ];
    expect(violations(made)).toEqual([
      "shared/cache/redis.ts imports '../runtime/identity': shared/cache (clients) may not import shared/runtime (runtime)",
      "shared/db/index.ts imports '../cache': shared/db (clients) may not import shared/cache (clients)",
      "shared/domain/orders.ts imports '../../test/orders/flow': test/ is for tests",
    ]);
    expect(cycles(made)).toEqual([
      'folders shared/cache ⇄ shared/runtime: shared/cache/redis.ts → shared/runtime/identity.ts, shared/runtime/serve.ts → shared/cache/redis.ts',
      'files shared/http/define.ts ⇄ shared/http/middlewares/authorize.ts',
    ]);
  });

  it('are the ones docs/architecture.md draws', () => {
    const doc = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');
    for (const layer of layers) {
      const row = doc.split('\n').find((line) => line.startsWith(`| ${layer.name} |`));
      expect([layer.name, row && [...row.matchAll(/`([\w/-]+)\/`/g)].map((match) => match[1])]).toEqual([layer.name, layer.folders]);
    }
  });
});
