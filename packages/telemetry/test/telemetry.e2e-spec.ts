import { spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Just enough of the OTLP/JSON trace payload for the assertions. */
interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: OtlpAttribute[];
  status?: { code?: number };
}
interface OtlpExport {
  resourceSpans: { resource: { attributes: OtlpAttribute[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;

/** A collector stand-in (POST /v1/traces) plus an echo endpoint that records the headers it was sent. */
class Receiver {
  readonly exports: OtlpExport[] = [];
  readonly exportContentTypes: string[] = [];
  readonly echoHeaders: IncomingHttpHeaders[] = [];
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') {
        this.exportContentTypes.push(request.headers['content-type'] ?? '');
        this.exports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
        response.setHeader('content-type', 'application/json');
        response.end('{}');
      } else if (request.url === '/hang') {
        // A collector that accepts the connection and never answers.
      } else if (request.url === '/echo') {
        this.echoHeaders.push(request.headers);
        response.end('echo');
      } else {
        response.statusCode = 404;
        response.end();
      }
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  spans(): OtlpSpan[] {
    return this.exports.flatMap((payload) =>
      payload.resourceSpans.flatMap((resourceSpans) => resourceSpans.scopeSpans.flatMap((scope) => scope.spans)),
    );
  }

  resourceAttributes(): Record<string, string | undefined> {
    const attributes = this.exports[0]?.resourceSpans[0]?.resource.attributes ?? [];
    return Object.fromEntries(attributes.map(({ key, value }) => [key, value.stringValue]));
  }
}

function attribute(span: OtlpSpan, key: string): string | undefined {
  return span.attributes.find((candidate) => candidate.key === key)?.value.stringValue;
}

interface FixtureRun {
  code: number | null;
  stdout: string;
  stderr: string;
  result?: Record<string, unknown>;
}

function runFixture(env: Record<string, string>): Promise<FixtureRun> {
  const script = join(__dirname, 'fixtures', 'traced-process.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      cwd: join(__dirname, '..'),
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const resultLine = stdout.split('\n').find((line) => line.startsWith('RESULT '));
      const result = resultLine ? (JSON.parse(resultLine.slice('RESULT '.length)) as Record<string, unknown>) : undefined;
      resolve({ code, stdout, stderr, result });
    });
  });
}

const KUBERNETES_ENV = {
  K8S_POD_NAME: 'fixture-7d9f-abcde',
  K8S_NAMESPACE: 'emm',
  K8S_NODE_NAME: 'node-a',
  K8S_DEPLOYMENT: 'fixture',
};
// Only a flush can deliver spans before the fixture exits.
const NO_SCHEDULED_EXPORT = { OTEL_BSP_SCHEDULE_DELAY: '600000' };

describe('telemetry in a real process', () => {
  let receiver: Receiver;
  let receiverUrl: string;

  beforeEach(async () => {
    receiver = new Receiver();
    receiverUrl = await receiver.start();
  });
  afterEach(() => receiver.stop());

  it('exports spans with the service and pod identity when shut down', async () => {
    const run = await runFixture({
      MODE: 'flushed-by-shutdown',
      ECHO_URL: `${receiverUrl}/echo`,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl,
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
      ...KUBERNETES_ENV,
      ...NO_SCHEDULED_EXPORT,
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.result).toMatchObject({ enabled: true, httpPatched: true });

    expect(receiver.exportContentTypes[0]).toContain('application/json');
    expect(receiver.resourceAttributes()).toMatchObject({
      'service.name': 'fixture-service',
      'service.version': '1.2.3',
      'k8s.pod.name': 'fixture-7d9f-abcde',
      'k8s.namespace.name': 'emm',
      'k8s.node.name': 'node-a',
      'k8s.deployment.name': 'fixture',
      'deployment.environment.name': 'test',
    });

    const spans = receiver.spans();
    const operation = spans.find((span) => span.name === 'fixture-operation');
    expect(operation).toMatchObject({ traceId: run.result?.traceId });
    expect(operation && attribute(operation, 'fixture.step')).toBe('call-echo');
    const echoCall = spans.find((span) => span.kind === SPAN_KIND_CLIENT && span.parentSpanId === operation?.spanId);
    expect(echoCall).toMatchObject({ traceId: operation?.traceId });
  });

  it('carries the trace id on outgoing requests made inside withSpan', async () => {
    const run = await runFixture({
      MODE: 'flushed-by-shutdown',
      ECHO_URL: `${receiverUrl}/echo`,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiverUrl}/v1/traces`,
    });
    expect(run.code).toBe(0);
    expect(receiver.echoHeaders).toHaveLength(1);
    const traceparent = receiver.echoHeaders[0].traceparent as string;
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(traceparent.split('-')[1]).toBe(run.result?.traceId);
  });

  it('leaves outgoing requests the app chose to ignore without a trace header or span', async () => {
    const run = await runFixture({
      MODE: 'flushed-by-shutdown',
      ECHO_URL: `${receiverUrl}/echo`,
      IGNORE_OUTGOING_PATH: '/echo',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiverUrl}/v1/traces`,
    });
    expect(run.code).toBe(0);
    expect(receiver.echoHeaders).toHaveLength(1);
    expect(receiver.echoHeaders[0].traceparent).toBeUndefined();
    const operation = receiver.spans().find((span) => span.name === 'fixture-operation');
    expect(receiver.spans().filter((span) => span.kind === SPAN_KIND_CLIENT && span.parentSpanId === operation?.spanId)).toEqual([]);
  });

  it('records no server spans for health probes and metric scrapes', async () => {
    const run = await runFixture({
      MODE: 'flushed-by-shutdown',
      ECHO_URL: `${receiverUrl}/echo`,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl,
    });
    expect(run.code).toBe(0);
    const serverPaths = receiver
      .spans()
      .filter((span) => span.kind === SPAN_KIND_SERVER)
      .map((span) => attribute(span, 'url.path') ?? attribute(span, 'http.target'));
    expect(serverPaths).toEqual(['/work']);
  });

  it('flushes from the Nest shutdown hook', async () => {
    const run = await runFixture({ MODE: 'flushed-by-nest', OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl, ...NO_SCHEDULED_EXPORT });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(receiver.spans()).toEqual([
      expect.objectContaining({ name: 'before-nest-shutdown', traceId: run.result?.traceId }),
    ]);
  });

  it('gives up flushing after the shutdown timeout when the collector hangs', async () => {
    const run = await runFixture({
      MODE: 'flushed-by-shutdown',
      ECHO_URL: `${receiverUrl}/echo`,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiverUrl}/hang`,
      FIXTURE_SHUTDOWN_TIMEOUT_MS: '500',
    });
    expect(run.code).toBe(0);
    expect(run.result?.shutdownMs).toBeGreaterThanOrEqual(450);
    expect(run.result?.shutdownMs).toBeLessThan(3_000);
    const warning = run.stdout.split('\n').find((line) => line.includes('could not flush traces'));
    expect(JSON.parse(warning ?? '{}')).toMatchObject({
      level: 'warn',
      service: 'fixture-service',
      err: { message: 'timed out after 500 ms' },
    });
  });

  it('does nothing at all without an endpoint', async () => {
    const run = await runFixture({
      MODE: 'flushed-by-shutdown',
      ECHO_URL: `${receiverUrl}/echo`,
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.result).toMatchObject({ enabled: false, httpPatched: false, traceId: '00000000000000000000000000000000' });
    expect(receiver.echoHeaders[0].traceparent).toBeUndefined();
    expect(receiver.exports).toEqual([]);
  });

  it('stops with one config error line for a malformed endpoint', async () => {
    const run = await runFixture({ MODE: 'flushed-by-shutdown', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('config error: OTEL_EXPORTER_OTLP_ENDPOINT: must be an http:// or https:// URL\n');
    expect(run.result).toBeUndefined();
  });
});
