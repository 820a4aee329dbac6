import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { isolated } from '../../test/faults/isolated';
import { config } from '../config';

// 100 rps: 200 points per 2-s window, taken 10 at a time (rate-limit.unit.test.ts). Counters of this file's own under the run's prefix.
const settings = { RATE_LIMIT_PUBLIC_RPS: '100', REDIS_KEY_PREFIX: `${config().REDIS_KEY_PREFIX}rate-limit-lease-${randomUUID()}:` };
const limit = 200;
const lease = 10;

/** One process's copy of the pipeline, limiter and Redis connection: two copies share only Redis, like two pods. */
function loadProcess() {
  return isolated(async () => {
    (await import('../config')).setConfig(settings);
    const { appClient } = await import('../../test/app-client');
    const { defineHttpFunction } = await import('./define');
    const cache = await import('../cache');
    const fn = defineHttpFunction({ name: 'leased', method: 'GET', path: '/open', summary: 'Public', response: z.object({}), handler: async () => ({}) });
    return { call: appClient(fn), cache };
  });
}

let first: Awaited<ReturnType<typeof loadProcess>>;
let second: Awaited<ReturnType<typeof loadProcess>>;

beforeAll(async () => {
  [first, second] = [await loadProcess(), await loadProcess()];
});

afterAll(async () => {
  await Promise.all([first.cache.closeRedis(), second.cache.closeRedis()]);
});

const remaining = (header: string | undefined): number => Number(/;r=(\d+);/.exec(header ?? '')?.[1]);
const sharedCounter = async (address: string): Promise<number> =>
  Number(await (await first.cache.redis()).get(`${first.cache.cacheKeys.rateLimit('public')}:ip:${address}`));

it('charges the shared counter one lease at a time and still states an exact remaining', async () => {
  const address = '198.51.100.201';
  const answers = [];
  for (let index = 0; index < 25; index++) answers.push(await first.call('GET', '/open', { remoteAddress: address }));
  expect(answers.every((answer) => answer.status === 200)).toBe(true);
  expect(answers.map((answer) => remaining(answer.headers.ratelimit))).toEqual(Array.from({ length: 25 }, (_, index) => limit - 1 - index));
  expect(await sharedCounter(address)).toBe(3 * lease);
});

it('admits exactly the limit from one process, then refuses with 429', async () => {
  const address = '198.51.100.202';
  const statuses = [];
  for (let index = 0; index < limit + 5; index++) statuses.push((await first.call('GET', '/open', { remoteAddress: address })).status);
  expect(statuses.slice(0, limit)).toEqual(Array(limit).fill(200));
  expect(statuses.slice(limit)).toEqual(Array(5).fill(429));
});

it('never admits more than the limit across two processes, and refuses at most a lease early in each', async () => {
  const address = '198.51.100.203';
  let admitted = 0;
  for (let index = 0; index < limit + 20; index++) {
    const process = index % 2 === 0 ? first : second;
    if ((await process.call('GET', '/open', { remoteAddress: address })).status === 200) admitted++;
  }
  expect(admitted).toBeLessThanOrEqual(limit);
  expect(admitted).toBeGreaterThanOrEqual(limit - 2 * (lease - 1));
});

it('lets concurrent requests of one client share a lease instead of each taking one', async () => {
  const address = '198.51.100.204';
  const answers = await Promise.all(Array.from({ length: 30 }, () => first.call('GET', '/open', { remoteAddress: address })));
  expect(answers.every((answer) => answer.status === 200)).toBe(true);
  expect(await sharedCounter(address)).toBe(3 * lease);
  expect(new Set(answers.map((answer) => remaining(answer.headers.ratelimit))).size).toBe(30);
});
