// A fixed-rate (open-loop) load generator, for latency at a given rate, which wrk cannot give (it is
// closed loop: each connection sends its next request when the previous answer arrives, so a slow
// answer delays the requests behind it instead of being counted; autocannon's rate mode, before it,
// sent each second's quota back to back). Here request i is due at start + i/rate,
// is sent then whether or not earlier ones have answered, and its latency runs from when it was
// due, so time spent waiting for a free connection (the server falling behind) is counted.
// No client library keeps up: node:http's and undici's own per-request work saturate one core near
// 15,000 req/s and then queue requests themselves, which would be counted as the server's latency. So the
// requests are written to raw keep-alive sockets (HTTP/1.1 pipelining: a request is sent when due, even
// if the connection's previous answer has not arrived) and answers are told apart by Content-Length.
import net from 'node:net';
import { coreShare, cpuMeter, ownCpuMeter, perRequest, saturatedAt } from './cpu';
import type { Row } from './setup';

export interface OpenLoopRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface OpenLoopResult {
  sent: number;
  /** Answers per second over the run. */
  rps: number;
  p50: number;
  p99: number;
  p999: number;
  /** Network errors and answers that were not 2xx. */
  errors: number;
  /** How late this generator sent its 99th-percentile request (ms): its own timer and scheduling delay, part of every latency. */
  sendLatenessP99: number;
  statuses: Record<string, number>;
  /** Connections opened, at most `connections`: a new one only when every open one awaited an answer. */
  connectionsOpened: number;
}

/** The value at `fraction` of sorted values, to 0.01. */
export const percentile = (sorted: number[], fraction: number): number =>
  sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]! * 100) / 100;

const headerEnd = Buffer.from('\r\n\r\n');
const lastChunk = Buffer.from('\r\n0\r\n\r\n');

function encode({ method, path, headers = {}, body }: OpenLoopRequest): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, 'host: 127.0.0.1', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  if (body !== undefined) lines.push(`content-length: ${Buffer.byteLength(body)}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`);
}

/** One keep-alive connection: the due times of the requests it has sent, answered in order. */
class Connection {
  private readonly socket: net.Socket;
  private readonly waiting: number[] = [];
  private buffered: Buffer = Buffer.alloc(0);

  constructor(port: number, private readonly onAnswer: (status: number, due: number) => void, onError: () => void) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    // A reset, or a server that exited: what the connection still waited for will not come.
    const fail = () => {
      for (let index = this.waiting.length; index > 0; index--) onError();
      this.waiting.length = 0;
    };
    this.socket.on('error', fail);
    this.socket.on('close', fail);
  }

  get outstanding(): number {
    return this.waiting.length;
  }

  send(request: Buffer, due: number): void {
    this.waiting.push(due);
    this.socket.write(request);
  }

  close(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const end = this.buffered.indexOf(headerEnd);
      if (end === -1) return;
      const head = this.buffered.toString('latin1', 0, end);
      let size: number;
      if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
        // JSON bodies: the last-chunk marker cannot occur inside them.
        const last = this.buffered.indexOf(lastChunk, end + 2);
        if (last === -1) return;
        size = last + lastChunk.length;
      } else {
        size = end + 4 + Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (this.buffered.length < size) return;
      }
      this.buffered = this.buffered.subarray(size);
      this.onAnswer(Number(head.slice(9, 12)), this.waiting.shift()!);
    }
  }
}

export interface OpenLoopOptions {
  port: number;
  rate: number;
  durationSeconds: number;
  connections: number;
  next: () => OpenLoopRequest;
}

/**
 * Calls `send` for each of `total` sends when it is due, send i at i/rate seconds from now (all those
 * due at once after a late timer), with its due time (performance.now()); resolves once all are sent,
 * or when `send` answers false (stop).
 */
export function atRate(rate: number, total: number, send: (due: number) => boolean): Promise<void> {
  const started = performance.now();
  return new Promise((resolve) => {
    let sent = 0;
    const tick = () => {
      const dueNow = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
      for (; sent < dueNow; sent++) if (!send(started + (sent * 1000) / rate)) return resolve();
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
}

export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const total = Math.round(options.rate * options.durationSeconds);
  const latencies: number[] = [];
  const lateness: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let settled = 0;
  const onAnswer = (status: number, due: number) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) latencies.push(performance.now() - due);
    else errors++;
    settled++;
  };
  const onError = () => {
    errors++;
    settled++;
  };
  // Opened as a client pool opens them: only when every open one has an answer outstanding. A
  // connection opened and never used is answered 408 by node:http after its headersTimeout (60 s).
  const connections: Connection[] = [];
  const connectionFor = () => {
    let target = connections[0];
    for (const connection of connections) if (connection.outstanding < target!.outstanding) target = connection;
    if (target && (target.outstanding === 0 || connections.length === options.connections)) return target;
    const opened = new Connection(options.port, onAnswer, onError);
    connections.push(opened);
    return opened;
  };
  const encoded = new Map<string, Buffer>();
  const started = performance.now();

  await atRate(options.rate, total, (due) => {
    const request = options.next();
    // GETs repeat: their bytes are built once.
    const key = request.body === undefined ? `${request.method} ${request.path}` : undefined;
    let bytes = key === undefined ? undefined : encoded.get(key);
    if (!bytes) {
      bytes = encode(request);
      if (key !== undefined) encoded.set(key, bytes);
    }
    connectionFor().send(bytes, due);
    lateness.push(performance.now() - due);
    return true;
  });
  // Answers still missing 10 s after the last request was due count as errors (the server stalled).
  const deadline = performance.now() + 10_000;
  while (settled < total && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  errors += total - settled;
  const elapsedSeconds = (performance.now() - started) / 1000;
  for (const connection of connections) connection.close();
  latencies.sort((a, b) => a - b);
  lateness.sort((a, b) => a - b);
  return {
    sent: total,
    rps: (total - errors) / elapsedSeconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    p999: percentile(latencies, 0.999),
    errors,
    statuses,
    sendLatenessP99: percentile(lateness, 0.99),
    connectionsOpened: connections.length,
  };
}

/**
 * What a row measures besides the generator's figures, over the measured part only: `start` is called
 * when it begins, and what it returns when it ends, with the 2xx answers; that gives text for the note.
 */
export type Observer = () => (ok: number) => Promise<string>;

/** What the errors were, when there were any: each status that was not 2xx, and the requests with no answer; `what` names them. */
export function failuresOf(result: Pick<OpenLoopResult, 'errors' | 'statuses'>, what = 'not 2xx'): string {
  if (result.errors === 0) return '';
  const failed = Object.entries(result.statuses).filter(([status]) => !status.startsWith('2'));
  const unanswered = result.errors - failed.reduce((sum, [, count]) => sum + count, 0);
  const parts = [...failed.map(([status, count]) => `${status} ×${count}`), ...(unanswered > 0 ? [`no answer or connection error ×${unanswered}`] : [])];
  return `; ${what}: ${parts.join(', ')}`;
}

/** A fixed-rate row, with its 2xx answers counted in the measured part and in the warm-up before it. */
export type RateRow = Row & { ok: number; warmupOk: number };

/**
 * A fixed-rate scenario as a row: `warmupSeconds` at the rate first (not counted: a fresh process opens
 * its connections and compiles its hot code then; its errors are named in the note all the same, and its
 * 2xx answers returned as `warmupOk`), then `durationSeconds` measured, with the server's (`pid`) CPU
 * per 2xx answer, this generator's share of its core, and what `observe` adds, over the measured part.
 */
export async function measureAtRate(
  row: Pick<Row, 'scenario' | 'server' | 'note'>,
  options: OpenLoopOptions & { warmupSeconds: number; pid: number | undefined; observe?: Observer },
): Promise<RateRow> {
  const warmup = await openLoop({ ...options, durationSeconds: options.warmupSeconds });
  const serverCpu = cpuMeter(options.pid);
  const observed = options.observe?.();
  const [ownCpu, started] = [ownCpuMeter(), performance.now()];
  const result = await openLoop(options);
  const cpu = serverCpu();
  const own = ownCpu();
  const seconds = (performance.now() - started) / 1000;
  const generatorCore = coreShare(own, seconds)!;
  const ok = result.sent - result.errors;
  const observations = observed ? `; ${await observed(ok)}` : '';
  const warmupFailures = failuresOf(warmup, `in the ${options.warmupSeconds} s warm-up (not counted), not 2xx`);
  const load = `${result.connectionsOpened} of up to ${options.connections} connections opened${options.warmupSeconds > 0 ? `, after ${options.warmupSeconds} s warm-up` : ''}`;
  const note = `${row.note ? `${row.note}; ` : ''}${load}; generator's own send delay p99 ${result.sendLatenessP99} ms${failuresOf(result)}${warmupFailures}${observations}`;
  return {
    ...row,
    note,
    generator: 'open loop',
    rps: result.rps,
    p50: result.p50,
    p99: result.p99,
    p999: result.p999,
    errors: result.errors,
    requests: result.sent,
    ok,
    warmupOk: warmup.sent - warmup.errors,
    cpuUsPerRequest: perRequest(cpu, ok),
    serverCore: coreShare(cpu, seconds),
    generatorCore,
    saturated: generatorCore >= saturatedAt,
  };
}
