// What a run leaves behind: markdown tables on stdout, bench/results/<date>.json (every row and the
// setup), and the generated figures between the bench markers of docs/performance.md.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BundleSize } from './bundles';
import { type ColdStart, coldStartRuns } from './cold-start';
import { saturatedAt } from './cpu';
import { baselineServer, runtime, scenario as warmGet } from './product-get';
import { connections, count, duration, pinned, root, type Row } from './setup';
import { wrkVersion } from './wrk';

export interface Setup {
  node: string;
  cpu: string;
  cores: number;
  pinning: string;
  connections: number;
  durationSeconds: number;
  /** `wrk -v`'s version, or null: without wrk the maximum-throughput rows are skipped. */
  wrk: string | null;
  commit: string;
  /** The working tree had uncommitted changes: the figures are of the commit plus those. */
  dirty: boolean;
  /** 1-minute load average when the run started: other work on the machine makes figures noisy. */
  loadAverageAtStart: number;
  runSeconds?: number;
}

/** The cache-warm GET against the bare node:http + Redis GET baseline, and the p99 target (issue #12). */
export interface Comparison {
  measure: string;
  brisk: number | null;
  baseline: number | null;
  /** brisk / baseline, for the ratio targets. */
  ratio: number | null;
  target: string;
  /** null: not measured (no wrk, or a generator saturated). */
  met: boolean | null;
  /** How far from the target, when missed. */
  missedBy?: string;
}

export interface Report {
  date: string;
  setup: Setup;
  rows: Row[];
  comparisons: Comparison[];
  coldStarts: ColdStart[];
  bundles: BundleSize[];
}

const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

export function describeSetup(): Setup {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    node: process.version,
    cpu,
    // (Not availableParallelism(): this process is pinned to one core.)
    cores: os.cpus().length,
    pinning: pinned
      ? 'servers on core 0 (taskset -c 0); load generators (wrk, the open loop), dispatcher and bench on core 1; PostgreSQL, Redis and RabbitMQ unpinned'
      : 'unpinned (no taskset)',
    connections,
    durationSeconds: duration,
    wrk: wrkVersion,
    commit: git('rev-parse', 'HEAD'),
    // The bench's own outputs (the last run's figures) do not make the code it measures another.
    dirty: git('status', '--porcelain', '--', '.', ':!docs/performance.md', ':!bench/results').length > 0,
    loadAverageAtStart: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

const isMax = (row: Row) => row.generator === 'wrk' && row.scenario.startsWith('GET') && !row.saturated;
const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Sets each maximum GET row's ratios to the bare node:http baseline's maximum: of req/s and of server CPU
 * per request (not for fixed-rate rows, whose req/s is the rate asked for, nor for saturated rows).
 */
export function withBaselineRatios(rows: Row[]): Row[] {
  const baseline = rows.find((row) => row.server === baselineServer && isMax(row));
  if (!baseline) return rows;
  return rows.map((row) => {
    if (!isMax(row)) return row;
    const cpuVsBaseline = row.cpuUsPerRequest && baseline.cpuUsPerRequest ? round2(row.cpuUsPerRequest / baseline.cpuUsPerRequest) : undefined;
    return { ...row, vsBaseline: round2(row.rps / baseline.rps), ...(cpuVsBaseline === undefined ? {} : { cpuVsBaseline }) };
  });
}

/**
 * The cache-warm GET against its targets: server CPU per request ≤ 1.25× the baseline's (aim 1.0), req/s
 * ≥ 0.8 of the baseline's, both at each server's maximum (wrk), and p99 < 5 ms at 70% of Brisk's maximum (open loop).
 */
export function compare(rows: Row[]): Comparison[] {
  const find = (server: string, generator: Row['generator']) => rows.find((row) => row.scenario.startsWith(warmGet) && row.server === server && row.generator === generator);
  const [brisk, baseline] = [find(runtime, 'wrk'), find(baselineServer, 'wrk')];
  const [briskAtRate, baselineAtRate] = [find(runtime, 'open loop'), find(baselineServer, 'open loop')];
  const usable = (row: Row | undefined): row is Row => row !== undefined && !row.saturated;
  // A server that refuses (a shed 503 is cheap) does less work per answer than per 2xx: say how much it refused.
  const refused = brisk?.errors && brisk.requests ? `; ${Math.round((brisk.errors / brisk.requests) * 100)}% of Brisk's answers were errors` : '';
  const ratio = (pick: (row: Row) => number | null | undefined, target: string, ok: (ratio: number) => boolean, gap: (ratio: number) => string): Comparison => {
    const [a, b] = [usable(brisk) ? (pick(brisk) ?? null) : null, usable(baseline) ? (pick(baseline) ?? null) : null];
    const value = a !== null && b ? round2(a / b) : null;
    const met = value === null ? null : ok(value);
    return { measure: '', brisk: a, baseline: b, ratio: value, target, met, ...(met === false ? { missedBy: `${gap(value!)}${refused}` } : {}) };
  };
  const p99 = usable(briskAtRate) ? briskAtRate.p99 : null;
  return [
    { ...ratio((row) => row.cpuUsPerRequest, '≤ 1.25× (aim 1.0)', (value) => value <= 1.25, (value) => `${round2(value - 1.25)}× over`), measure: 'server CPU µs per request, at the maximum' },
    { ...ratio((row) => Math.round(row.rps), '≥ 0.8×', (value) => value >= 0.8, (value) => `${round2(0.8 - value)}× under`), measure: 'req/s at the maximum' },
    {
      measure: `p99 ms at 70% of Brisk's maximum${briskAtRate ? ` (${briskAtRate.scenario.match(/at ([\d,]+)\/s/)?.[1] ?? '?'}/s, open loop)` : ''}`,
      brisk: p99,
      baseline: usable(baselineAtRate) ? baselineAtRate.p99 : null,
      ratio: null,
      target: '< 5 ms',
      met: p99 === null ? null : p99 < 5,
      ...(p99 !== null && p99 >= 5 ? { missedBy: `${round2(p99 - 5)} ms over` } : {}),
    },
  ];
}

const ms = (value: number | null) => (value === null ? '' : String(Math.round(value * 100) / 100));
const kb = (bytes: number) => (bytes / 1024).toFixed(0);
const table = (head: string[], align: string[], lines: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${align.join('|')}|`, ...lines.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');

const generatorCell = (row: Row) =>
  row.generator === undefined ? '' : `${row.generator} ${row.generatorCore?.toFixed(2) ?? '?'}${row.saturated ? ' **saturated**' : ''}`;

function scenarioTable(rows: Row[]): string {
  return table(
    ['scenario', 'server', 'req/s', 'server CPU µs/req', 'server, share of its core', 'p50 ms', 'p99 ms', 'p99.9 ms', 'errors', 'generator, share of its core', 'vs baseline req/s', 'vs baseline CPU/req', 'note'],
    ['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---', '---:', '---:', '---'],
    rows.map((row) => {
      const generator = generatorCell(row);
      if (row.saturated) {
        const note = `no result: the generator used ≥ ${saturatedAt} of its core (it measured ${count(row.rps)} req/s, a lower bound)${row.note ? `; ${row.note}` : ''}`;
        return [row.scenario, row.server, '*saturated*', '', '', '', '', '', row.errors, generator, '', '', note];
      }
      const cpu = row.cpuUsPerRequest === undefined || row.cpuUsPerRequest === null ? '' : row.cpuUsPerRequest.toFixed(1);
      const core = row.serverCore?.toFixed(2) ?? '';
      return [row.scenario, row.server, count(row.rps), cpu, core, ms(row.p50), ms(row.p99), ms(row.p999), row.errors, generator, row.vsBaseline?.toFixed(2) ?? '', row.cpuVsBaseline?.toFixed(2) ?? '', row.note ?? ''];
    }),
  );
}

function comparisonTable(comparisons: Comparison[]): string {
  const figure = (value: number | null) => (value === null ? '—' : value >= 1000 ? count(value) : String(value));
  return table(
    ['cache-warm GET vs the bare node:http + Redis GET baseline', 'Brisk', 'baseline', 'ratio', 'target', 'met?'],
    ['---', '---:', '---:', '---:', '---', '---'],
    comparisons.map((item) => [
      item.measure,
      figure(item.brisk),
      figure(item.baseline),
      item.ratio === null ? '' : `${item.ratio.toFixed(2)}×`,
      item.target,
      item.met === null ? 'no result (row skipped, or its generator saturated)' : item.met ? 'met' : `**missed** (${item.missedBy})`,
    ]),
  );
}

function coldStartTable(coldStarts: ColdStart[]): string {
  return table(
    ['function', 'first 200 from', 'median ms', 'max ms', 'runs ms'],
    ['---', '---', '---:', '---:', '---'],
    coldStarts.map((start) => [start.function, `GET ${start.path}`, ms(start.medianMs), ms(start.maxMs), start.runsMs.join(', ')]),
  );
}

function bundleTable(bundles: BundleSize[]): string {
  return table(
    ['function', 'bundle KB', 'gzip -9 KB'],
    ['---', '---:', '---:'],
    bundles.map((size) => [size.function, kb(size.bytes), kb(size.gzipBytes)]),
  );
}

function setupLine({ date, setup }: Report): string {
  return [
    `Run of ${date}: Node ${setup.node} on ${setup.cpu}, ${setup.cores} vCPUs; ${setup.pinning}.`,
    `Maxima by ${setup.wrk ? `wrk (${setup.wrk}, one thread)` : 'nothing: wrk was not installed, so those rows were skipped'}, rates by the open-loop generator (scripts/bench/open-loop.ts);`,
    `${setup.connections} connections and ${setup.durationSeconds} s per load run unless the row says otherwise;`,
    `commit ${setup.commit.slice(0, 7)}${setup.dirty ? ' with uncommitted changes in the tree' : ''};`,
    `load average ${setup.loadAverageAtStart} at start; the run took ${setup.runSeconds ?? '?'} s. Raw figures: bench/results/${date}.json.`,
  ].join(' ');
}

/** The generated part of docs/performance.md. */
export function markdown(report: Report): string {
  return [
    setupLine(report),
    scenarioTable(report.rows),
    comparisonTable(report.comparisons),
    `Cold start: \`node dist/functions/<name>/index.js\` spawned on core 0 with a free PORT, to its first 200 (polled every 2 ms), ${coldStartRuns} runs each.`,
    coldStartTable(report.coldStarts),
    'Bundles (`dist/functions/<name>/index.js`, minified, source map beside it):',
    bundleTable(report.bundles),
  ].join('\n\n');
}

const begin = '<!-- bench:begin -->';
const end = '<!-- bench:end -->';

/** Writes bench/results/<date>.json and the figures between the markers of docs/performance.md; returns the JSON's path. */
export async function save(report: Report): Promise<string> {
  const file = path.join(root, 'bench/results', `${report.date}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  const docs = path.join(root, 'docs/performance.md');
  const text = await readFile(docs, 'utf8');
  const [from, to] = [text.indexOf(begin), text.indexOf(end)];
  if (from < 0 || to < from) {
    console.warn(`docs/performance.md has no ${begin} … ${end} region: figures not written there`);
  } else {
    await writeFile(docs, `${text.slice(0, from + begin.length)}\n${markdown(report)}\n${text.slice(to)}`);
  }
  return file;
}
