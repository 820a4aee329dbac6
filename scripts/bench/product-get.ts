// Cache-warm GET /v1/products/{id} over the hot ids: each server warmed once over every id, then loaded
// at its maximum by wrk; the node:http runtime again at 70% of that maximum (the p99 target's load, open loop) and with
// METRICS_ENABLED=false (what metrics cost); the bare node:http baseline last (it reads the cache Brisk's runs filled),
// then the same with an in-process Map: the ceiling of a GET that never leaves the process.
import path from 'node:path';
import { measureAtRate } from './open-loop';
import { bundle, connections, count, duration, root, type Row, warm, warmupSeconds, withServer } from './setup';
import { measureMax } from './wrk';

export const scenario = 'GET /v1/products/{id} (cache warm)';
export const runtime = 'brisk node:http runtime';
export const baselineServer = 'baseline: bare node:http + Redis GET';
const functionsFramework = (port: number) => [
  process.execPath,
  path.join(root, 'node_modules/@google-cloud/functions-framework/build/src/main.js'),
  `--source=${path.dirname(bundle('products-get'))}`,
  '--target=products-get',
  `--port=${port}`,
];
const baseline = [process.execPath, '--import', 'tsx', path.join(root, 'scripts/bench/baseline.ts')];

/**
 * Warms a server over `paths`, then loads it at its maximum; then, when `paced` names a rate (given that
 * maximum), at that fixed rate.
 */
async function loaded(server: string, command: string[] | ((port: number) => string[]), env: Record<string, string>, paths: string[], paced?: (max: number) => number): Promise<Row[]> {
  return withServer(command, env, async (port, pid) => {
    await warm(port, paths);
    const max = await measureMax({ scenario, server }, { port, pid, requests: paths.map((path) => ({ path })) });
    if (!paced) return [max];
    const rate = paced(max.rps);
    let next = 0;
    const atRate = await measureAtRate(
      { scenario: `${scenario} at ${count(rate)}/s`, server },
      { port, pid, rate, durationSeconds: duration, warmupSeconds, connections, next: () => ({ method: 'GET', path: paths[next++ % paths.length]! }) },
    );
    return [max, atRate];
  }, paths[0]);
}

export async function productGet(ids: string[]): Promise<Row[]> {
  const paths = ids.map((id) => `/v1/products/${id}`);
  // The p99 target's load: 70% of Brisk's maximum; the baseline is held to the same rate.
  let seventyPercent = 0;
  const runtimeRows = await loaded(runtime, [process.execPath, bundle('products-get')], {}, paths, (max) => (seventyPercent = Math.round(max * 0.7)));
  runtimeRows[1]!.scenario += ' (70% of max)';
  const [metricsOff] = await loaded(runtime, [process.execPath, bundle('products-get')], { METRICS_ENABLED: 'false' }, paths);
  metricsOff!.scenario = `${scenario}, METRICS_ENABLED=false`;
  const [on, off] = [runtimeRows[0]!, metricsOff!];
  const cpu = on.cpuUsPerRequest && off.cpuUsPerRequest ? `, ${(on.cpuUsPerRequest / off.cpuUsPerRequest).toFixed(2)}× the CPU per request` : '';
  metricsOff!.note = `metrics on/off: ${(on.rps / off.rps).toFixed(2)} of the req/s${cpu}; ${off.note}`;
  return [
    ...runtimeRows,
    metricsOff!,
    ...(await loaded('brisk functions-framework', functionsFramework, {}, paths)),
    ...(await loaded(baselineServer, baseline, {}, paths, () => seventyPercent)),
    ...(await loaded('ceiling: bare node:http + in-process Map', baseline, { BASELINE_IN_PROCESS: 'true' }, paths)),
  ];
}
