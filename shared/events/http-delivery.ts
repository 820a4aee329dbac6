import { CloudEvent, HTTP } from 'cloudevents';
import type { FieldError } from '../domain/errors';
import { defineHttpFunction, type HttpFunction, internalEndpoint } from '../http/define';
import { HttpProblem, problemResult } from '../http/problem';
import type { HttpResult } from '../http/types';
import { binaryAttributeErrors, structuredAttributeErrors } from './attributes';
import { binaryJsonEvent } from './binary-event';
import type { Outcome } from './outcome';

/** The one place a delivery's outcome becomes its HTTP answer: nothing for an ack, else problem+json. */
function toResult(outcome: Outcome): HttpResult {
  if (outcome.status === 204 || outcome.status === 202) return { status: outcome.status, headers: {}, body: undefined };
  return problemResult(new HttpProblem(outcome.status, '/problems/event-not-processed', 'Event not processed', outcome.detail, outcome.errors));
}

const notOneEvent: Outcome = { status: 400, detail: 'the request is not one CloudEvent (binary or structured mode)' };

/**
 * RabbitmqSource hands the broker's own headers on as `ce-` attributes too: `x-death` and
 * `x-first-death-*` once a message has been through a retry queue. They are bookkeeping of the hop,
 * not the event's, and no valid extension name starts with `x-`.
 */
const fromBroker = (name: string) => name.startsWith('x-');

/** Every problem with the delivery's context attributes, named as the header or member that carries each. */
function contextErrors(headers: Record<string, string | string[] | undefined>, body: string): FieldError[] | Outcome {
  if (!String(headers['content-type'] ?? '').startsWith('application/cloudevents+json')) {
    return binaryAttributeErrors(headers, fromBroker);
  }
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    return notOneEvent;
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return notOneEvent;
  return structuredAttributeErrors(event as Record<string, unknown>);
}

/** The delivery as one CloudEvent, its attributes checked first; or the 400 that dead-letters it, since no retry can fix it. */
function readEvent(headers: Record<string, string | string[] | undefined>, body: Buffer | undefined): CloudEvent<unknown> | Outcome {
  const text = body?.toString('utf8') ?? '';
  const errors = contextErrors(headers, text);
  if (!Array.isArray(errors)) return errors;
  if (errors.length > 0) return { status: 400, detail: 'invalid CloudEvent attributes', errors };
  const cleaned = Object.fromEntries(Object.entries(headers).filter(([name]) => !(name.startsWith('ce-') && fromBroker(name.slice(3)))));
  try {
    const event = binaryJsonEvent(cleaned, text) ?? HTTP.toEvent({ headers: cleaned as Record<string, string>, body: text });
    return Array.isArray(event) ? notOneEvent : (event as CloudEvent<unknown>);
  } catch {
    return notOneEvent;
  }
}

/**
 * The consumer `name` as an HTTP route taking one CloudEvent in binary or structured mode, as Knative's
 * RabbitmqSource (or the local dispatcher) POSTs it, handed to `deliver`. Served at `/` by the function's
 * own bundle and at `/_events/<name>` by the local gateway.
 */
export function eventDelivery(name: string, deliver: (event: CloudEvent<unknown>) => Promise<Outcome>, path = '/'): HttpFunction {
  const route = internalEndpoint('POST', path, async (request) => {
    const event = readEvent(request.headers, request.body);
    return toResult(event instanceof CloudEvent ? await deliver(event) : event);
  });
  return defineHttpFunction({ name, endpoints: [route] });
}
