// The Prometheus text exposition /metrics answers, parsed: for tests, and for the bench reading a process's stage timings.
import { setTimeout as sleep } from 'node:timers/promises';

/** One sample of a Prometheus text exposition: `name{label="value",…} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const sampleLine = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/;
const labelPair = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/** Parses the text format (0.0.4) /metrics answers; comments (HELP, TYPE) are skipped. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = sampleLine.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(labelPair)) labels[name!] = value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of the samples of `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const matching = samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  return matching.length === 0 ? undefined : matching.reduce((sum, sample) => sum + sample.value, 0);
}

/** How often a scrape the process refused while shedding load (503) is tried, 250 ms apart. */
const scrapeAttempts = 8;

/**
 * GETs a process's /metrics and parses it; fails unless it answers 200 in the text format. A process
 * shedding load refuses /metrics too (docs/operations.md), as a fresh one under a bench's load may for
 * a moment: a 503 is tried again.
 */
export async function scrape(baseUrl: string): Promise<Sample[]> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${baseUrl}/metrics`);
    const text = await response.text();
    if (response.status === 200) return parseExposition(text);
    if (response.status !== 503 || attempt === scrapeAttempts) throw new Error(`/metrics answered ${response.status}: ${text}`);
    await sleep(250);
  }
}

/** What a histogram observed between two scrapes of one process (ms): the mean and the 99th percentile. */
export interface Timing {
  mean: number | null;
  p99: number | null;
}

const ms = (seconds: number) => Math.round(seconds * 1e5) / 100;

/**
 * The observations of histogram `name` (in seconds, with `labels`) between scrapes `before` and
 * `after`: their mean, and their 99th percentile interpolated within its bucket as Prometheus's
 * histogram_quantile does (an estimate, as coarse as the buckets; the largest finite bound when it
 * falls in +Inf). Null when nothing was observed.
 */
export function timingMs(before: Sample[], after: Sample[], name: string, labels: Record<string, string> = {}): Timing {
  const delta = (series: string, extra: Record<string, string> = {}) =>
    (sampleValue(after, series, { ...labels, ...extra }) ?? 0) - (sampleValue(before, series, { ...labels, ...extra }) ?? 0);
  const count = delta(`${name}_count`);
  if (count <= 0) return { mean: null, p99: null };
  const bounds = new Set(after.filter((sample) => sample.name === `${name}_bucket` && sample.labels.le !== undefined).map((sample) => sample.labels.le!));
  const buckets = [...bounds].map((le) => ({ upper: Number(le), count: delta(`${name}_bucket`, { le }) })).sort((a, b) => a.upper - b.upper);
  const rank = 0.99 * count;
  const index = buckets.findIndex((bucket) => bucket.count >= rank);
  if (index === -1) return { mean: ms(delta(`${name}_sum`) / count), p99: null };
  const { upper, count: atUpper } = buckets[index]!;
  const [lower, belowLower] = index === 0 ? [0, 0] : [buckets[index - 1]!.upper, buckets[index - 1]!.count];
  const p99 = Number.isFinite(upper) ? lower + ((upper - lower) * (rank - belowLower)) / (atUpper - belowLower) : lower;
  return { mean: ms(delta(`${name}_sum`) / count), p99: ms(p99) };
}
