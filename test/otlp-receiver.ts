import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * An OTLP/HTTP trace receiver in the test process: the fake for the tracing backend (a Collector,
 * Jaeger). It takes `POST /v1/traces` as OTLP/JSON or OTLP/protobuf, as the exporters send them, and
 * keeps every span it is sent.
 */

/** One received span, its ids in lower-case hex as W3C Trace Context writes them. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
  /** OTLP's StatusCode: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  links: { traceId: string; spanId: string }[];
}

export const spanKind = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

export interface OtlpReceiver {
  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  url: string;
  spans(): ReceivedSpan[];
  /** The encodings exports arrived in. */
  encodings(): Set<'json' | 'protobuf'>;
  close(): Promise<void>;
}

// ---- OTLP/JSON -------------------------------------------------------------------------------------

interface JsonAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: JsonAnyValue[] };
}
interface JsonKeyValue {
  key: string;
  value?: JsonAnyValue;
}
interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  attributes?: JsonKeyValue[];
  status?: { code?: number };
  links?: { traceId: string; spanId: string }[];
}
interface JsonRequest {
  resourceSpans?: { resource?: { attributes?: JsonKeyValue[] }; scopeSpans?: { spans?: JsonSpan[] }[] }[];
}

function jsonValue(value: JsonAnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(jsonValue);
  return undefined;
}

const jsonAttributes = (list: JsonKeyValue[] = []) => Object.fromEntries(list.map(({ key, value }) => [key, jsonValue(value)]));

function fromJson(body: Buffer): ReceivedSpan[] {
  const request = JSON.parse(body.toString('utf8')) as JsonRequest;
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(jsonAttributes(resourceSpans.resource?.attributes)['service.name']);
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        service,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        kind: span.kind ?? 0,
        attributes: jsonAttributes(span.attributes),
        statusCode: span.status?.code ?? 0,
        links: (span.links ?? []).map(({ traceId, spanId }) => ({ traceId, spanId })),
      })),
    );
  });
}

// ---- OTLP/protobuf: just enough of the wire format for ExportTraceServiceRequest ---------------------

type Field = { number: number; varint?: bigint; bytes?: Buffer };

/** The fields of one protobuf message, in order (fixed-width values are skipped: no field read here uses them). */
function fields(buffer: Buffer): Field[] {
  const out: Field[] = [];
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buffer[offset++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (offset < buffer.length) {
    const key = Number(varint());
    const number = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ number, varint: varint() });
    else if (wire === 2) {
      const length = Number(varint());
      out.push({ number, bytes: buffer.subarray(offset, offset + length) });
      offset += length;
    } else if (wire === 1) offset += 8;
    else if (wire === 5) offset += 4;
    else throw new Error(`unexpected protobuf wire type ${wire}`);
  }
  return out;
}

const all = (message: Buffer, number: number) => fields(message).filter((field) => field.number === number);
const one = (message: Buffer, number: number) => all(message, number)[0];
const text = (message: Buffer, number: number) => one(message, number)?.bytes?.toString('utf8') ?? '';
const hex = (message: Buffer, number: number) => one(message, number)?.bytes?.toString('hex') ?? '';
const int = (message: Buffer, number: number) => Number(one(message, number)?.varint ?? 0n);

function protobufValue(anyValue: Buffer): unknown {
  const [field] = fields(anyValue);
  if (!field) return undefined;
  if (field.number === 1) return field.bytes!.toString('utf8');
  if (field.number === 2) return field.varint === 1n;
  if (field.number === 3) return Number(BigInt.asIntN(64, field.varint!));
  if (field.number === 5) return all(field.bytes!, 1).map((value) => protobufValue(value.bytes!));
  return undefined;
}

const protobufAttributes = (message: Buffer, number: number) =>
  Object.fromEntries(all(message, number).map(({ bytes }) => [text(bytes!, 1), protobufValue(one(bytes!, 2)?.bytes ?? Buffer.alloc(0))]));

function fromProtobuf(body: Buffer): ReceivedSpan[] {
  return all(body, 1).flatMap(({ bytes: resourceSpans }) => {
    const resource = one(resourceSpans!, 1)?.bytes ?? Buffer.alloc(0);
    const service = String(protobufAttributes(resource, 1)['service.name']);
    return all(resourceSpans!, 2).flatMap(({ bytes: scopeSpans }) =>
      all(scopeSpans!, 2).map(({ bytes: span }) => ({
        service,
        traceId: hex(span!, 1),
        spanId: hex(span!, 2),
        parentSpanId: hex(span!, 4),
        name: text(span!, 5),
        kind: int(span!, 6),
        attributes: protobufAttributes(span!, 9),
        statusCode: int(one(span!, 15)?.bytes ?? Buffer.alloc(0), 3),
        links: all(span!, 13).map(({ bytes: link }) => ({ traceId: hex(link!, 1), spanId: hex(link!, 2) })),
      })),
    );
  });
}

// ---- the server ------------------------------------------------------------------------------------

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedSpan[] = [];
  const encodings = new Set<'json' | 'protobuf'>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      const contentType = String(req.headers['content-type'] ?? '');
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
      } else if (contentType.startsWith('application/json')) {
        encodings.add('json');
        received.push(...fromJson(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else if (contentType.startsWith('application/x-protobuf')) {
        encodings.add('protobuf');
        received.push(...fromProtobuf(body));
        // An empty ExportTraceServiceResponse: everything accepted.
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      } else {
        res.writeHead(415).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans: () => [...received],
    encodings: () => new Set(encodings),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
