import { type CloudEventV1, HTTP } from 'cloudevents';
import { invalidRequest, type HttpRequest } from '../../shared/http';
import { unsupportedMediaType } from '../../shared/http/problem';

export const mediaTypes = ['application/cloudevents+json', 'application/cloudevents-batch+json', 'application/json'];
export const maxBatchSize = 100;

const notOneOfUs = (detail: string) => invalidRequest([{ in: 'body', name: '(root)', detail }]);

/** Refuses an empty or oversized batch before the SDK reads every event of it. */
function checkBatchSize(body: string): void {
  let events: unknown;
  try {
    events = JSON.parse(body);
  } catch {
    throw notOneOfUs('is not valid JSON');
  }
  if (!Array.isArray(events)) throw notOneOfUs('must be a JSON array of CloudEvents');
  if (events.length === 0) throw notOneOfUs('must hold at least one event');
  if (events.length > maxBatchSize) throw notOneOfUs(`must hold at most ${maxBatchSize} events`);
}

/** The request's CloudEvents, in binary (ce- headers), structured or batch mode. */
export function readEvents(request: HttpRequest): CloudEventV1<unknown>[] {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const mediaType = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!mediaTypes.includes(mediaType)) throw unsupportedMediaType(mediaTypes.join(' or '));
  const body = request.body?.toString('utf8') ?? '';
  if (mediaType === 'application/cloudevents-batch+json') checkBatchSize(body);
  try {
    const events = HTTP.toEvent({ headers, body });
    return Array.isArray(events) ? events : [events];
  } catch {
    throw notOneOfUs('is not a CloudEvent (binary, structured or batch mode)');
  }
}
