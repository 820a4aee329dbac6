import { acceptCommand } from '../../shared/events';
import { type HttpRequest, invalidRequest } from '../../shared/http';
import { readEvents } from './read';
import { checkEvent, type ExternalEvent } from './validate';

/**
 * Checks every event before publishing any, so a bad batch publishes nothing. Each keeps the
 * producer's id: consumers dedupe by it, so re-sending a batch after a 503 is safe.
 */
export async function ingestEvents(request: HttpRequest): Promise<{ accepted: number; ids: string[] }> {
  const checked = readEvents(request).map(checkEvent);
  const errors = checked.flatMap((result) => (Array.isArray(result) ? result : []));
  if (errors.length > 0) throw invalidRequest(errors);
  const events = checked as ExternalEvent[];
  await Promise.all(
    events.map(({ id, type, data, traceparent }) => acceptCommand(type, data, { id, ...(traceparent && { traceparent }) })),
  );
  return { accepted: events.length, ids: events.map((event) => event.id) };
}
