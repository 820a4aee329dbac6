// `npm run bench`: Brisk's benchmark, in one go on a fresh stack of its own (database brisk_bench
// dropped and seeded with 10,000 products, key prefix brisk-bench:v1:, queues brisk-bench.*). Servers
// run pinned to core 0 and the load generators to core 1 where taskset exists: wrk for maxima (the
// rows that need it are skipped, saying so, where wrk is not installed), the open loop for fixed rates.
// Every row has the server's CPU µs per request. Scenarios, in order: bundle sizes, cold starts, cold
// GET from the replica, cache-warm GET (+ 70% of max, metrics off, functions-framework, bare node:http
// baseline, in-process ceiling), list GET with filters, the broker's confirm alone and POST /v1/orders
// at a fixed rate, orders end to end, POST sustained for a minute with the processor beside it; then the cache-warm GET against its targets. See docs/performance.md.
import { brokerConfirms } from './bench/broker';
import { buildBundles } from './bench/bundles';
import { coldStartRuns, coldStarts } from './bench/cold-start';
import { ordersEndToEnd, ordersPost, ordersSustained, sustainedLoad } from './bench/orders';
import { productGet } from './bench/product-get';
import { productGetCold } from './bench/product-get-cold';
import { productList } from './bench/product-list';
import { compare, describeSetup, markdown, type Report, save, withBaselineRatios } from './bench/results';
import { type Row, runBench } from './bench/setup';
import { freshStack, hotProducts, seededIds } from './bench/stack';
import { wrkMissing, wrkVersion } from './bench/wrk';

/** Runs a step, saying on stderr what it is and how long it took. */
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  process.stderr.write(`▸ ${name} … `);
  const result = await work();
  process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return result;
}

const localDate = (date: Date) => [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((part) => String(part).padStart(2, '0')).join('-');

async function main(): Promise<void> {
  const started = new Date();
  if (!wrkVersion) process.stderr.write(`${wrkMissing}\n`);
  const setup = describeSetup();
  const bundles = await step('build and bundle sizes', buildBundles);
  await step('fresh stack (database, Redis keys, queue, replica)', freshStack);
  const ids = await seededIds();
  const hot = ids.slice(0, hotProducts);
  const starts = await step('cold start per function', () => coldStarts(bundles.map((size) => size.function), ids.slice(-coldStartRuns)));
  const rows: Row[] = [];
  if (wrkVersion) {
    rows.push(await step('cold GET from the replica', () => productGetCold(ids)));
    rows.push(...(await step('cache-warm GET', () => productGet(hot))));
    rows.push(await step('list GET with filters', productList));
  } else {
    process.stderr.write('▸ cold, cache-warm and list GET … skipped: no wrk\n');
  }
  rows.push(await step("the broker's confirm alone at the POST rate", brokerConfirms));
  const posted = await step('POST /v1/orders at a fixed rate', () => ordersPost(hot));
  const endToEnd = await step('orders end to end', ordersEndToEnd);
  rows.push(posted, endToEnd);
  rows.push(await step('POST /v1/orders sustained, processed beside it', () => ordersSustained(hot, sustainedLoad(posted.acceptingCpu, endToEnd.cpuUsPerRequest))));

  setup.runSeconds = Math.round((Date.now() - started.getTime()) / 1000);
  const report: Report = { date: localDate(started), setup, rows: withBaselineRatios(rows), comparisons: compare(rows), coldStarts: starts, bundles };
  console.log(`\n${markdown(report)}\n`);
  console.log(`wrote ${await save(report)} and the figures in docs/performance.md`);
}

runBench(main);
