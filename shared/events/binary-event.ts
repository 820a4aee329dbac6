import { CloudEvent } from 'cloudevents';

/** The SDK's switch to json-bigint (CE_USE_BIG_INT, which Brisk never sets): read once here, where the SDK reads it on every parse; set, every delivery takes the SDK's own path. */
const bigIntJson = process.env.CE_USE_BIG_INT === 'true';

/** The SDK's DateParser: any time Date.parse reads, as an ISO string; one it cannot read becomes now. */
function isoTime(value: string): string {
  const parsed = Date.parse(value);
  return (Number.isNaN(parsed) ? new Date() : new Date(parsed)).toISOString();
}

/** The SDK's JSONParser: a body that does not start like JSON (its own test, kept as it is) is parsed as a JSON string. */
const jsonData = (text: string): unknown => JSON.parse(/^[[|{|"]/.test(text) ? text : `"${text}"`);

/**
 * HTTP.toEvent for the delivery every producer here sends: binary mode, `content-type:
 * application/json`, its attributes in `ce-` headers, every name lower-case (as node:http gives them). The
 * same event (shared/events/binary-event.unit.test.ts holds it to the SDK's, throws included) for
 * about a quarter of the SDK's CPU: its parse builds two ValidationErrors, stack traces and all, on
 * every call. Undefined for any other delivery (one without a `ce-id` is no binary-mode event to
 * the SDK), which the caller hands to the SDK.
 */
export function binaryJsonEvent(headers: Record<string, string | string[] | undefined>, text: string): CloudEvent<unknown> | undefined {
  if (bigIntJson || headers['content-type'] !== 'application/json' || !headers['ce-id'] || 'ce-datacontenttype' in headers || 'ce-datacontentencoding' in headers) {
    return undefined;
  }
  const attributes: Record<string, unknown> = { datacontenttype: 'application/json' };
  for (const [name, value] of Object.entries(headers)) {
    if (/[A-Z]/.test(name)) return undefined;
    if (!name.startsWith('ce-')) continue;
    if (typeof value !== 'string') return undefined;
    attributes[name.slice(3)] = name === 'ce-time' && value ? isoTime(value) : value;
  }
  return new CloudEvent({ ...attributes, data: text ? jsonData(text) : text }, false);
}
