import * as z from 'zod';
import { defineHttpFunction } from '../../shared/http';
import { ingestEvents } from './handler';
import { maxBatchSize, mediaTypes } from './read';

export default defineHttpFunction({
  name: 'events-ingest',
  method: 'POST',
  path: '/v1/events',
  summary: 'Accept CloudEvents from systems outside Brisk (binary, structured or batch mode)',
  description: `Every event is checked against the event registry before any is published; a batch holds at most ${maxBatchSize}.`,
  access: 'producer',
  rawBody: mediaTypes,
  response: z.object({ accepted: z.int().min(1), ids: z.array(z.string()) }).meta({ id: 'EventsAccepted' }),
  status: 202,
  problems: [415, 503],
  openapi: {
    // Binary mode (Content-Type: application/json) carries the context attributes as ce- headers; the other modes, in the body.
    requestHeaders: {
      'ce-specversion': { description: 'Binary mode: the CloudEvents version, required', schema: { type: 'string', const: '1.0' } },
      'ce-id': { description: "Binary mode: the event's id, required; consumers take an id once, so re-sending is safe" },
      'ce-source': { description: 'Binary mode: who produced the event (a URI reference), required' },
      'ce-type': { description: 'Binary mode: an event type of the registry that producers outside Brisk may send, required' },
      'ce-time': { description: 'Binary mode: when it happened (RFC 3339)' },
      'ce-subject': { description: 'Binary mode: what it is about' },
      'ce-traceparent': { description: 'Binary mode: W3C trace context, carried on to the consumers' },
    },
  },
  handler: ({ request }) => ingestEvents(request),
});
