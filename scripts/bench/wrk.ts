// The maximum-throughput load generator: wrk (C, epoll; one thread pinned to core 1), not a JavaScript
// client. autocannon saturated its own core near 8–11k req/s, below the servers it was measuring, so its
// "maxima" were the generator's. wrk sends the same load for a fraction of a core, and every row says
// how much of its core it used: at 0.9 or more the generator may be the limit, and the row is marked
// saturated instead of reported as a result.
//
// A Lua script walks the row's requests in turn (each formatted once, in init()) and, in done(), prints
// the run's summary as JSON: latency percentiles in µs, errors, and the process's CPU time (os.clock(),
// all of wrk's threads), which over the run's duration is the generator's share of its core.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { coreShare, cpuMeter, perRequest, saturatedAt } from './cpu';
import { connections, count, duration, pinned, type Row } from './setup';

/** wrk's version (`wrk -v`), or null when wrk is not on PATH: `npm run bench` then skips its maximum-throughput rows. */
export const wrkVersion = (() => {
  let printed: string;
  try {
    printed = execFileSync('wrk', ['-v'], { encoding: 'utf8' });
  } catch (error) {
    // wrk -v prints its version and usage, and exits 1.
    const { code, stdout } = error as NodeJS.ErrnoException & { stdout?: string };
    if (code === 'ENOENT') return null;
    printed = stdout ?? '';
  }
  return /^wrk (\S+)/.exec(printed)?.[1] ?? 'unknown version';
})();

export const wrkMissing =
  'wrk is not on PATH: the maximum-throughput rows (cold, cache-warm and list GET, the baseline and ceiling, and the rows at 70% of a maximum) are skipped. ' +
  'Install it (Debian/Ubuntu: `apt-get install wrk`; macOS: `brew install wrk`) and run the bench again.';

export interface WrkRequest {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface WrkOptions {
  port: number;
  /** Sent in turn, one per request. */
  requests: WrkRequest[];
  /** The server's process: its CPU over the run, per answer. */
  pid: number | undefined;
  connections?: number;
  durationSeconds?: number;
  /** Stop after this many answers (each request once, for `requests` of this length); the run's time is its time to get them. */
  amount?: number;
}

interface Summary {
  durationMicros: number;
  requests: number;
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latencyMicros: { p50: number; p99: number; p999: number; max: number };
  cpuSeconds: number;
}

/** A Lua string literal for any bytes: printable ASCII as it is, the rest (and quotes, backslashes) as \ddd. */
const lua = (text: string) =>
  `"${[...Buffer.from(text)].map((byte) => (byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c ? String.fromCharCode(byte) : `\\${byte}`)).join('')}"`;

function script(requests: WrkRequest[], amount: number | undefined): string {
  const entries = requests.map(({ method = 'GET', path, headers, body }) => {
    const table = headers ? `{${Object.entries(headers).map(([name, value]) => `[${lua(name)}]=${lua(value)}`).join(',')}}` : 'nil';
    return `{${lua(method)},${lua(path)},${table},${body === undefined ? 'nil' : lua(body)}}`;
  });
  return `
local specs = {
${entries.join(',\n')}
}
local formatted, count, turn = {}, #specs, 0
function init(args)
  for index, spec in ipairs(specs) do formatted[index] = wrk.format(spec[1], spec[2], spec[3], spec[4]) end
end
function request()
  turn = turn % count + 1
  return formatted[turn]
end
${
  amount === undefined
    ? ''
    : `local answered = 0
function response(status, headers, body)
  answered = answered + 1
  if answered == ${amount} then
    wrk.thread:stop()
    -- The thread has stopped but wrk waits out its -d: runWrk ends it with SIGINT, and wrk then reports.
    io.write('BRISK-WRK-ANSWERED\\n')
    io.flush()
  end
end`
}
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BRISK-WRK {"durationMicros":%.0f,"requests":%.0f,"bytes":%.0f,"errors":{"connect":%.0f,"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f},' ..
      '"latencyMicros":{"p50":%.0f,"p99":%.0f,"p999":%.0f,"max":%.0f},"cpuSeconds":%.4f}\\n',
    summary.duration, summary.requests, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max, os.clock()))
end
`;
}

export interface WrkResult {
  seconds: number;
  /** ok answers per second over the run: what the server did, not what it refused (a shed 503 is an answer too, and cheap). */
  rps: number;
  /** Every answer per second, refusals included. */
  answersPerSecond: number;
  requests: number;
  /** Answers with a status over 399 (wrk tells no other apart), and socket errors and timeouts. */
  errors: number;
  /** Of the answers, those under 400 (2xx for every scenario here). */
  ok: number;
  p50: number;
  p99: number;
  p999: number;
  /** Server CPU (µs) per ok answer, and over the run's duration; null without /proc. */
  cpuUsPerRequest: number | null;
  serverCore: number | null;
  /** wrk's CPU time over the run's duration: its share of its core. */
  generatorCore: number;
  saturated: boolean;
}

const ms = (micros: number) => Math.round(micros / 10) / 100;

/** Runs wrk (one thread, pinned to core 1) against the server on `port`, measuring the server's CPU meanwhile. */
export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'brisk-wrk-'));
  try {
    const file = path.join(directory, 'requests.lua');
    await writeFile(file, script(options.requests, options.amount));
    const seconds = options.durationSeconds ?? (options.amount === undefined ? duration : 120);
    const args = ['-t1', `-c${options.connections ?? connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', file, `http://127.0.0.1:${options.port}`];
    const [command, ...rest] = pinned ? ['taskset', '-c', '1', 'wrk', ...args] : ['wrk', ...args];
    const serverCpu = cpuMeter(options.pid);
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(command!, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
      let [stdout, stderr] = ['', ''];
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (chunk.includes('BRISK-WRK-ANSWERED')) child.kill('SIGINT');
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.once('error', reject);
      child.once('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`wrk exited ${code}: ${stderr}`))));
    });
    const cpu = serverCpu();
    const line = /^BRISK-WRK (.+)$/m.exec(output)?.[1];
    if (!line) throw new Error(`wrk printed no summary:\n${output}`);
    const summary = JSON.parse(line) as Summary;
    const { errors, latencyMicros: latency } = summary;
    const runSeconds = summary.durationMicros / 1e6;
    const generatorCore = Math.round((summary.cpuSeconds / runSeconds) * 100) / 100;
    const ok = summary.requests - errors.status;
    return {
      seconds: runSeconds,
      rps: ok / runSeconds,
      answersPerSecond: summary.requests / runSeconds,
      requests: summary.requests,
      errors: errors.connect + errors.read + errors.write + errors.status + errors.timeout,
      ok,
      p50: ms(latency.p50),
      p99: ms(latency.p99),
      p999: ms(latency.p999),
      cpuUsPerRequest: perRequest(cpu, ok),
      serverCore: coreShare(cpu, runSeconds),
      generatorCore,
      saturated: generatorCore >= saturatedAt,
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** A wrk run as a row: the server's maximum (closed loop, `connections` connections), its CPU per request, and wrk's share of its core. */
export async function measureMax(row: Pick<Row, 'scenario' | 'server' | 'note'>, options: WrkOptions): Promise<Row> {
  const result = await runWrk(options);
  const load = options.amount === undefined ? `${options.connections ?? connections} connections, ${options.durationSeconds ?? duration} s` : '';
  const refused =
    result.errors === 0
      ? ''
      : `req/s counts 2xx only: ${count(result.errors)} of ${count(result.requests)} answers were errors (status ≥ 400, or socket errors and timeouts), ${count(result.answersPerSecond)} answers/s in all`;
  return {
    ...row,
    generator: 'wrk',
    rps: result.rps,
    p50: result.p50,
    p99: result.p99,
    p999: result.p999,
    errors: result.errors,
    requests: result.requests,
    ok: result.ok,
    cpuUsPerRequest: result.cpuUsPerRequest,
    serverCore: result.serverCore,
    generatorCore: result.generatorCore,
    saturated: result.saturated,
    note: [row.note, load, refused].filter(Boolean).join('; '),
  };
}
