import apiDocs from '../functions/api-docs/function';
import { eventFunctions, httpFunctions } from '../functions';
import { createApp } from '../shared/http/app';
import { opsFunction } from '../shared/http/ops';
import { traceRequests } from '../shared/http/trace-requests';
import { setProcessName } from '../shared/process/identity';
import { listen } from '../shared/runtime/lifecycle';
import { createNodeServer } from '../shared/runtime/node-server';
import { startTracing } from '../shared/tracing';

/**
 * Local gateway: every function of Brisk in one process on one port — the HTTP functions at their
 * routes, as the cluster's ingress exposes them, and each consumer at /_events/<name>, where the local
 * dispatcher delivers its events.
 */
setProcessName('gateway');
startTracing('gateway');
const consumers = eventFunctions.map((fn) => fn.http(`/_events/${fn.name}`));
void listen(createNodeServer(traceRequests(createApp([...httpFunctions, apiDocs, ...consumers, opsFunction]), [...consumers, opsFunction])));
