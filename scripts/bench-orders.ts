// `npm run bench:orders`: the order rows of `npm run bench` alone, for work on the order pipeline: a
// fresh stack, the broker's confirm alone at BENCH_ORDER_RATE, POST /v1/orders at that rate, then those
// orders end to end; the sustained row too with BENCH_SUSTAINED=1. Prints the rows; writes nothing (docs/performance.md holds full runs).
import { brokerConfirms } from './bench/broker';
import { buildBundles } from './bench/bundles';
import { ordersEndToEnd, ordersPost, ordersSustained, sustainedLoad } from './bench/orders';
import { type Row, runBench } from './bench/setup';
import { freshStack, hotProducts, seededIds } from './bench/stack';

const print = (row: Row) => console.log(`${row.scenario}: ${Math.round(row.rps)}/s, ${row.cpuUsPerRequest ?? '?'} µs CPU, p99 ${row.p99 ?? '-'} ms; ${row.note ?? ''}`);

runBench(async () => {
  await buildBundles();
  await freshStack();
  const hot = (await seededIds()).slice(0, hotProducts);
  print(await brokerConfirms());
  const posted = await ordersPost(hot);
  print(posted);
  const endToEnd = await ordersEndToEnd();
  print(endToEnd);
  if (process.env.BENCH_SUSTAINED === '1') print(await ordersSustained(hot, sustainedLoad(posted.acceptingCpu, endToEnd.cpuUsPerRequest)));
});
