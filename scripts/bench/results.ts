// What a run leaves behind: markdown tables on stdout, bench/results/<date>.json (every row and the
// setup), and the generated figures between the bench markers of docs/performance.md.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BundleSize } from './bundles';
import { type ColdStart, coldStartRuns } from './cold-start';
import { connections, count, duration, pinned, root, type Row } from './setup';

export interface Setup {
  node: string;
  cpu: string;
  cores: number;
  pinning: string;
  connections: number;
  durationSeconds: number;
  commit: string;
  /** The working tree had uncommitted changes: the figures are of the commit plus those. */
  dirty: boolean;
  /** 1-minute load average when the run started: other work on the machine makes figures noisy. */
  loadAverageAtStart: number;
  runSeconds?: number;
}

export interface Report {
  date: string;
  setup: Setup;
  rows: Row[];
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
      ? 'servers on core 0 (taskset -c 0); load generator, dispatcher and bench on core 1; PostgreSQL, Redis and RabbitMQ unpinned'
      : 'unpinned (no taskset)',
    connections,
    durationSeconds: duration,
    commit: git('rev-parse', 'HEAD'),
    dirty: git('status', '--porcelain').length > 0,
    loadAverageAtStart: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

/** Sets each GET row's ratio of req/s to the bare node:http baseline's maximum (not for fixed-rate rows: their req/s is the rate asked for). */
export function withBaselineRatios(rows: Row[]): Row[] {
  const isMax = (row: Row) => row.scenario.startsWith('GET') && !row.note?.startsWith('open loop');
  const baseline = rows.find((row) => row.server.startsWith('baseline') && isMax(row));
  return rows.map((row) => (baseline && isMax(row) ? { ...row, vsBaseline: Math.round((row.rps / baseline.rps) * 100) / 100 } : row));
}

const ms = (value: number | null) => (value === null ? '' : String(Math.round(value * 100) / 100));
const kb = (bytes: number) => (bytes / 1024).toFixed(0);
const table = (head: string[], align: string[], lines: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${align.join('|')}|`, ...lines.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');

function scenarioTable(rows: Row[]): string {
  return table(
    ['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'errors', 'vs baseline', 'note'],
    ['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---'],
    rows.map((row) => [row.scenario, row.server, count(row.rps), ms(row.p50), ms(row.p99), ms(row.p999), row.errors, row.vsBaseline?.toFixed(2) ?? '', row.note ?? '']),
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
    `Run of ${date}: Node ${setup.node} on ${setup.cpu}, ${setup.cores} cores; ${setup.pinning}.`,
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
