import { type CloudEvent, HTTP } from 'cloudevents';
import type { Endpoint, HttpFunction } from '../http/define';
import type { HttpResult } from '../http/types';
import type { EventFunction, Outcome } from './define';

function toResult(outcome: Outcome): HttpResult {
  if (outcome.status === 204 || outcome.status === 202) return { status: outcome.status, headers: {}, body: undefined };
  const problem = { type: '/problems/event-not-processed', title: 'Event not processed', status: outcome.status, detail: outcome.detail };
  return { status: outcome.status, headers: { 'content-type': 'application/problem+json' }, body: JSON.stringify(problem) };
}

function readEvent(headers: Record<string, string | string[] | undefined>, body: Buffer | undefined): CloudEvent<unknown> | undefined {
  try {
    const event = HTTP.toEvent({ headers: headers as Record<string, string>, body: body?.toString('utf8') ?? '' });
    return Array.isArray(event) ? undefined : (event as CloudEvent<unknown>);
  } catch {
    return undefined;
  }
}

/**
 * A consumer as an HTTP route taking one CloudEvent in binary or structured mode, as Knative's
 * RabbitmqSource (or the local dispatcher) POSTs it. Served at `/` by the function's own bundle and at
 * `/_events/<name>` by the local gateway.
 */
export function eventDelivery(fn: EventFunction, path = '/'): HttpFunction {
  const route: Endpoint = {
    method: 'POST',
    path,
    acceptsBody: true,
    invoke: async (request) => {
      const event = readEvent(request.headers, request.body);
      if (!event) return toResult({ status: 400, detail: 'the request is not one CloudEvent (binary or structured mode)' });
      return toResult(await fn.deliver(event));
    },
  };
  return { kind: 'http', name: fn.name, endpoints: [route] };
}
