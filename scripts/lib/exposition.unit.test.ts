import { parseExposition, timingMs } from './exposition';

/** A scrape of histogram `h` with a `stage` label: cumulative bucket counts by bound, its sum (s) and count. */
function scrapeOf(buckets: Record<string, number>, sum: number, count: number, stage = 'reserve') {
  const lines = Object.entries(buckets).map(([le, value]) => `h_bucket{stage="${stage}",le="${le}"} ${value}`);
  return parseExposition([...lines, `h_sum{stage="${stage}"} ${sum}`, `h_count{stage="${stage}"} ${count}`].join('\n'));
}

const empty = scrapeOf({ '0.01': 0, '0.05': 0, '0.1': 0, '+Inf': 0 }, 0, 0);

describe('timingMs: a histogram between two scrapes', () => {
  it('gives the mean, and the 99th percentile interpolated within the bucket it falls in', () => {
    const after = scrapeOf({ '0.01': 50, '0.05': 98, '0.1': 100, '+Inf': 100 }, 2, 100);
    // Rank 99 of 100 lies halfway between the 98 observations ≤ 50 ms and the 100 ≤ 100 ms.
    expect(timingMs(empty, after, 'h', { stage: 'reserve' })).toEqual({ mean: 20, p99: 75 });
  });

  it('counts only what was observed after the first scrape', () => {
    const before = scrapeOf({ '0.01': 1000, '0.05': 1000, '0.1': 1000, '+Inf': 1000 }, 1, 1000);
    const after = scrapeOf({ '0.01': 1000, '0.05': 1000, '0.1': 1100, '+Inf': 1100 }, 9, 1100);
    expect(timingMs(before, after, 'h', { stage: 'reserve' })).toEqual({ mean: 80, p99: 99.5 });
  });

  it('interpolates from zero in the first bucket, and gives the largest finite bound for +Inf', () => {
    expect(timingMs(empty, scrapeOf({ '0.01': 100, '0.05': 100, '0.1': 100, '+Inf': 100 }, 0.5, 100), 'h').p99).toBe(9.9);
    expect(timingMs(empty, scrapeOf({ '0.01': 0, '0.05': 0, '0.1': 0, '+Inf': 10 }, 5, 10), 'h').p99).toBe(100);
  });

  it('is null when nothing was observed, or for another label', () => {
    const after = scrapeOf({ '0.01': 1, '0.05': 1, '0.1': 1, '+Inf': 1 }, 0.001, 1);
    expect(timingMs(empty, empty, 'h')).toEqual({ mean: null, p99: null });
    expect(timingMs(empty, after, 'h', { stage: 'payment' })).toEqual({ mean: null, p99: null });
  });
});
