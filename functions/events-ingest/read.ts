import { type CloudEventV1, HTTP } from 'cloudevents';
import { binaryAttributeErrors, structuredAttributeErrors } from '../../shared/events/attributes';
import { invalidRequest, type HttpRequest } from '../../shared/http';
import type { FieldError } from '../../shared/domain/errors';
import { unsupportedMediaType } from '../../shared/http/problem';

export const mediaTypes = ['application/cloudevents+json', 'application/cloudevents-batch+json', 'application/json'];
export const maxBatchSize = 100;

const notOneOfUs = (detail: string) => invalidRequest([{ in: 'body', name: '(root)', detail }]);

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw notOneOfUs('is not valid JSON');
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Refuses an empty or oversized batch, or one that holds something other than event objects, before reading any event of it. */
function batchOf(body: string): Record<string, unknown>[] {
  const events = parseJson(body);
  if (!Array.isArray(events)) throw notOneOfUs('must be a JSON array of CloudEvents');
  if (events.length === 0) throw notOneOfUs('must hold at least one event');
  if (events.length > maxBatchSize) throw notOneOfUs(`must hold at most ${maxBatchSize} events`);
  const notEvents = events.flatMap((event, i) => (isObject(event) ? [] : [{ in: 'body' as const, name: `[${i}]`, detail: 'must be a CloudEvent object' }]));
  if (notEvents.length > 0) throw invalidRequest(notEvents);
  return events as Record<string, unknown>[];
}

/** Every problem with the context attributes of the request's events, named where the producer put them. */
function contextErrors(mediaType: string, headers: Record<string, string>, body: string): FieldError[] {
  if (mediaType === 'application/json') {
    return binaryAttributeErrors(headers);
  }
  if (mediaType === 'application/cloudevents+json') {
    const event = parseJson(body);
    if (!isObject(event)) throw notOneOfUs('must be a CloudEvent object');
    return structuredAttributeErrors(event);
  }
  return batchOf(body).flatMap((event, i) => structuredAttributeErrors(event, `[${i}].`));
}

/**
 * The request's CloudEvents, in binary (ce- headers), structured or batch mode, their context
 * attributes checked against CloudEvents 1.0 and Brisk's bounds (shared/events/attributes.ts) first:
 * the SDK would make up a missing id or time and let a version it does not know through.
 */
export function readEvents(request: HttpRequest): CloudEventV1<unknown>[] {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const mediaType = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!mediaTypes.includes(mediaType)) throw unsupportedMediaType(mediaTypes.join(' or '));
  const body = request.body?.toString('utf8') ?? '';
  const errors = contextErrors(mediaType, headers, body);
  if (errors.length > 0) throw invalidRequest(errors);
  try {
    const events = HTTP.toEvent({ headers, body });
    return Array.isArray(events) ? events : [events];
  } catch {
    throw notOneOfUs('is not a CloudEvent (binary, structured or batch mode)');
  }
}
