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
  handler: ({ request }) => ingestEvents(request),
});
