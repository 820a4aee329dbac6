import * as z from 'zod';
import type { FieldError } from '../domain/errors';
import { text, timestamp } from '../domain/storable';

const token = (max: number) =>
  text()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\s\p{Cc}]+$/u, 'must not contain spaces or control characters');

const label = (max: number) =>
  text()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

/**
 * CloudEvents 1.0 context attributes as Brisk takes them, bounded by where they go: `id` is the AMQP
 * message id (a short string of at most 255 bytes) and a consumer's inbox key, `type` the AMQP type
 * property and routing key, every attribute an AMQP header.
 */
const known = z.object({
  specversion: z.literal('1.0', { error: 'must be 1.0' }),
  id: label(200).refine((id) => Buffer.byteLength(id) <= 255, 'must be at most 255 bytes of UTF-8'),
  source: token(1000),
  type: token(200),
  time: timestamp({ offset: true }).optional(),
  subject: label(500).optional(),
  datacontenttype: label(200).optional(),
  dataschema: token(1000).optional(),
  traceparent: z
    .string()
    .regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, 'must be a W3C traceparent (version-traceid-parentid-flags, lower-case hex)')
    .optional(),
  tracestate: text().max(512, 'must be at most 512 characters').optional(),
});

const knownNames = new Set([...Object.keys(known.shape), 'data', 'data_base64']);
const extensionName = /^[a-z0-9]{1,20}$/;
const extensionValue = z.union([label(1000), z.number().finite(), z.boolean()], { error: 'must be a string of at most 1000 characters, a number or a boolean' });

/** Every problem with an event's context attributes (`data` is not looked at), each named as its attribute. */
function attributeErrors(attributes: Record<string, unknown>): { name: string; detail: string }[] {
  const errors: { name: string; detail: string }[] = [];
  const parsed = known.safeParse(attributes);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '(event)');
      errors.push({ name, detail: issue.code === 'invalid_type' && attributes[name] === undefined ? 'is required' : issue.message });
    }
  }
  for (const [name, value] of Object.entries(attributes)) {
    if (knownNames.has(name)) continue;
    if (!extensionName.test(name)) errors.push({ name: name.slice(0, 50), detail: 'is not a valid extension name (1 to 20 lower-case letters or digits)' });
    else if (!extensionValue.safeParse(value).success) errors.push({ name, detail: 'must be a string of at most 1000 characters, a number or a boolean' });
  }
  return errors;
}

/**
 * Problems with a binary-mode event's context attributes, each named as the `ce-` header that carries
 * it; attributes `skip` says yes to are left out.
 */
export function binaryAttributeErrors(headers: Record<string, string | string[] | undefined>, skip: (name: string) => boolean = () => false): FieldError[] {
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('ce-') || value === undefined || skip(name.slice(3))) continue;
    attributes[name.slice(3)] = Array.isArray(value) ? value.join(',') : value;
  }
  return attributeErrors(attributes).map(({ name, detail }) => ({ in: 'header', name: `ce-${name}`, detail }));
}

/** Problems with a structured-mode event's context attributes (every member but its data), named as members after `prefix` (`[2].` in a batch). */
export function structuredAttributeErrors(event: Record<string, unknown>, prefix = ''): FieldError[] {
  const { data: _data, data_base64: _base64, ...attributes } = event;
  return attributeErrors(attributes).map(({ name, detail }) => ({ in: 'body', name: `${prefix}${name}`, detail }));
}
