import { v7 } from 'uuid';
import { signToken } from '../../shared/auth';

/**
 * What the events-ingest tests send: stock events, in each content mode, as the warehouse producer.
 * No connection is made on import (events-ingest.unit.test.ts runs with every service on a closed port).
 */

/** The product the events are about. */
export const productId = v7();

/** A producer's Authorization header, as the Berlin warehouse. */
export const producerHeaders = async (): Promise<Record<string, string>> => ({ authorization: `Bearer ${await signToken('warehouse-berlin', ['producer'])}` });

/** A stock event in structured mode, with a fresh id. */
export const stockEvent = (data: Record<string, unknown> = { productId, delta: -2, reason: 'damaged' }, type = 'brisk.catalog.stock.adjusted') => ({
  specversion: '1.0',
  id: v7(),
  type,
  source: '/warehouse/berlin',
  datacontenttype: 'application/json',
  data,
});

/** The headers of a stock event in binary mode (a fresh ce-id), with `changes`: undefined leaves a header out. */
export const binaryHeaders = (changes: Record<string, string | undefined> = {}): Record<string, string> =>
  Object.fromEntries(
    Object.entries({
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': v7(),
      'ce-type': 'brisk.catalog.stock.adjusted',
      'ce-source': '/warehouse/berlin',
      ...changes,
    }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

/** How a test sends a request: test/app-client's call (functions/ may not import test/, so only its shape). */
type Call<Response> = (method: string, url: string, options: { headers: Record<string, string>; body: string }) => Promise<Response>;

/** POST /v1/events through `call`, with the headers `producer()` gives at the time unless others are passed. */
export function eventPosts<Response>(call: Call<Response>, producer: () => Record<string, string>) {
  const post = (contentType: string, body: unknown, headers = producer()) =>
    call('POST', '/v1/events', { headers: { ...headers, 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return {
    post,
    structured: (event: unknown) => post('application/cloudevents+json', event),
    batch: (events: unknown[]) => post('application/cloudevents-batch+json', events),
  };
}
