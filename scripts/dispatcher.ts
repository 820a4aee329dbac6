// The local stand-in for Knative Eventing: delivers each consumer queue to its consumer over HTTP with
// RabbitmqSource's semantics, and sends the outbox relay a tick every second as a PingSource would.
import { once } from 'node:events';
import { CloudEvent, HTTP } from 'cloudevents';
import { queueConsumers } from '../functions';
import { config } from '../shared/config';
import { startDispatcher } from '../shared/events/dispatcher';
import { createApp } from '../shared/http/app';
import { opsFunction } from '../shared/http/ops';
import { logger } from '../shared/log';
import { createNodeServer } from '../shared/runtime/node-server';
import { setProcessName } from '../shared/process/identity';
import { onStopSignal } from '../shared/runtime/lifecycle';
import { startTracing, stopTracing } from '../shared/tracing';
import { declareBrokerTopology } from './lib/topology';

const tickEveryMs = 1000;
/** Where the dispatcher answers /healthz, /readyz and /metrics (its delivery attempts). */
const opsPort = Number(process.env.DISPATCHER_PORT ?? 8089);

async function main(): Promise<void> {
  setProcessName('dispatcher');
  startTracing('dispatcher');
  const gateway = process.env.DISPATCH_TO ?? `http://127.0.0.1:${config().PORT}`;
  await declareBrokerTopology();
  const dispatcher = await startDispatcher(queueConsumers.map((fn) => ({ consumer: fn.name, url: `${gateway}/_events/${fn.name}` })));

  const tick = setInterval(() => {
    const { headers, body } = HTTP.binary(new CloudEvent({ type: 'dev.knative.sources.ping', source: '/brisk/dispatcher', data: {} }));
    fetch(`${gateway}/_events/outbox-relay`, { method: 'POST', headers: headers as Record<string, string>, body: body as string }).catch(() => undefined);
  }, tickEveryMs);

  const ops = createNodeServer(createApp([opsFunction])).listen(opsPort, '127.0.0.1');
  await once(ops, 'listening');

  logger().info({ consumers: queueConsumers.map((fn) => fn.name), gateway, metrics: `http://127.0.0.1:${opsPort}/metrics` }, 'dispatching');
  onStopSignal(async (signal) => {
    logger().info({ signal }, 'stopping');
    clearInterval(tick);
    ops.close();
    await dispatcher.stop();
    await stopTracing();
    logger().info('stopped');
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  logger().error({ err: error }, 'dispatcher failed to start');
  process.exit(1);
});
