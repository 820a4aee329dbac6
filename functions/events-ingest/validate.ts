import type { CloudEventV1 } from 'cloudevents';
import type * as z from 'zod';
import { type EventData, type EventTypeName, eventTypes, isEventType } from '../../shared/events';
import type { FieldError } from '../../shared/domain/errors';

export interface ExternalEvent {
  id: string;
  type: EventTypeName;
  data: EventData<EventTypeName>;
  traceparent?: string;
}

/** A failed union names the fields of the alternative that came closest, not just "Invalid input". */
function flatten(issues: z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
    return flatten(closest).map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }));
  });
}

const mayComeFromOutside = (type: EventTypeName): boolean => (eventTypes[type].producers as string[]).includes('external');

/** Checks one event against the registry: a type outside producers may send, and data of its schema. */
export function checkEvent(event: CloudEventV1<unknown>, index: number): ExternalEvent | FieldError[] {
  const at = `[${index}]`;
  if (!isEventType(event.type)) return [{ in: 'body', name: `${at}.type`, detail: `${event.type} is not an event type Brisk knows` }];
  if (!mayComeFromOutside(event.type)) {
    return [{ in: 'body', name: `${at}.type`, detail: `${event.type} is published inside Brisk only` }];
  }
  const parsed = eventTypes[event.type].data.safeParse(event.data);
  if (!parsed.success) {
    return flatten(parsed.error.issues).map((issue) => ({
      in: 'body',
      name: [`${at}.data`, ...issue.path.map(String)].join('.'),
      detail: issue.message,
    }));
  }
  const traceparent = typeof event.traceparent === 'string' ? event.traceparent : undefined;
  return { id: event.id, type: event.type, data: parsed.data as EventData<EventTypeName>, ...(traceparent && { traceparent }) };
}
