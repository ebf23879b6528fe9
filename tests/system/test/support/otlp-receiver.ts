import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One span as an OTLP/HTTP JSON export carries it, with the service that sent it. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
  startTimeUnixNano: string;
  /** The instrumentation scope that made it (`@opentelemetry/instrumentation-ioredis`, …). */
  scope: string;
}

export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`: the base endpoint (OTEL_EXPORTER_OTLP_ENDPOINT); spans arrive at `/v1/traces`. */
  endpoint: string;
  readonly spans: ReceivedSpan[];
  /** Export requests that could not be read (not JSON, another path): a misconfigured exporter shows here. */
  readonly rejected: string[];
  stop(): Promise<void>;
}

interface AnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: AnyValue[] };
}

interface ExportRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: AnyValue }> };
    scopeSpans?: Array<{
      scope?: { name?: string };
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind?: number;
        startTimeUnixNano?: string | number;
        attributes?: Array<{ key: string; value: AnyValue }>;
      }>;
    }>;
  }>;
}

/**
 * An OTLP/HTTP traces endpoint on 127.0.0.1, as a collector or Tempo offers
 * it: `POST /v1/traces` with the JSON encoding @opentelemetry/exporter-trace-otlp-http
 * sends (hex trace and span ids; gzip when OTEL_EXPORTER_OTLP_COMPRESSION asks).
 * It answers 200 with an empty partial-success body and keeps every span.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const rejected: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        if (req.method !== 'POST' || req.url !== '/v1/traces') throw new Error(`${req.method} ${req.url}`);
        spans.push(...spansOf(JSON.parse(bodyText(req, Buffer.concat(chunks))) as ExportRequest));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch (error) {
        rejected.push(error instanceof Error ? error.message : String(error));
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    rejected,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function bodyText(req: IncomingMessage, body: Buffer): string {
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new Error(`content-type ${req.headers['content-type']}: only the JSON encoding is read here`);
  return (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
}

function spansOf(request: ExportRequest): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const name = valueOf(resourceSpans.resource?.attributes?.find((attribute) => attribute.key === 'service.name')?.value);
    const service = typeof name === 'string' ? name : 'unknown';
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        service,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        kind: span.kind ?? 0,
        attributes: Object.fromEntries((span.attributes ?? []).map((attribute) => [attribute.key, valueOf(attribute.value)])),
        startTimeUnixNano: String(span.startTimeUnixNano ?? '0'),
        scope: scopeSpans.scope?.name ?? '',
      })),
    );
  });
}

function valueOf(value: AnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  return undefined;
}

const KIND = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/**
 * The spans of one trace as an indented tree (children under their parent,
 * by start time): `service  kind  name [url path]`. Spans whose parent never arrived
 * are listed as roots with the missing parent's id, so a broken hop shows.
 */
export function renderTrace(spans: readonly ReceivedSpan[]): string {
  const byId = new Set(spans.map((span) => span.spanId));
  const children = new Map<string, ReceivedSpan[]>();
  for (const span of spans) {
    const parent = byId.has(span.parentSpanId) ? span.parentSpanId : '';
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const lines: string[] = [];
  const walk = (parent: string, depth: number) => {
    const ordered = [...(children.get(parent) ?? [])].sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));
    for (const span of ordered) {
      const orphan = depth === 0 && span.parentSpanId !== '' ? `  (parent ${span.parentSpanId} not received)` : '';
      const path = typeof span.attributes['url.path'] === 'string' ? ` ${span.attributes['url.path']}` : '';
      lines.push(`${'  '.repeat(depth)}${span.service}  ${KIND[span.kind] ?? span.kind}  ${span.name}${path}${orphan}`);
      walk(span.spanId, depth + 1);
    }
  };
  walk('', 0);
  return lines.join('\n');
}
