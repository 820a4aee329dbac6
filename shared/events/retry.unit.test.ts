import { parseConfig } from '../config';
import { nextDelay } from './retry';

const delays = [1_000, 5_000, 30_000, 120_000, 600_000];

describe('nextDelay', () => {
  it('takes the delays in turn, then repeats the last', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((retries) => nextDelay(delays, retries))).toEqual([1_000, 5_000, 30_000, 120_000, 600_000, 600_000, 600_000]);
  });

  it('steps down to the longest delay that still lands before a deadline, so the last retry comes soon after it', () => {
    expect(nextDelay(delays, 5, 144_000)).toBe(120_000);
    expect(nextDelay(delays, 5, 24_000)).toBe(5_000);
    expect(nextDelay(delays, 1, 600_000)).toBe(5_000);
  });

  it('waits the shortest delay when even that one passes the deadline', () => {
    expect(nextDelay(delays, 3, 400)).toBe(1_000);
    expect(nextDelay(delays, 3, -5_000)).toBe(1_000);
  });
});

describe('EVENT_RETRY_DELAYS_MS', () => {
  it('reads a comma-separated list of whole milliseconds', () => {
    expect(parseConfig({ EVENT_RETRY_DELAYS_MS: '200, 400,800' }).EVENT_RETRY_DELAYS_MS).toEqual([200, 400, 800]);
    expect(parseConfig({}).EVENT_RETRY_DELAYS_MS).toEqual(delays);
  });

  it.each(['', '0', '1s', '100,-5', '1.5'])('refuses %j', (value) => {
    expect(() => parseConfig({ EVENT_RETRY_DELAYS_MS: value })).toThrow('EVENT_RETRY_DELAYS_MS');
  });
});
