import { Controller, Get, Headers, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { trace } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import request from 'supertest';
import { InjectPinoLogger, Logger, LoggingModule, PinoLogger } from '../src';
import { captureLines, type LogLine, registerTracing } from './capture';

@Controller()
class ProbeController {
  @Get('health/live') live() {
    return { status: 'ok' };
  }

  @Get('health/ready') ready() {
    return { status: 'ok' };
  }

  @Get('metrics') metrics() {
    return '# no metrics';
  }
}

@Controller('runs')
class RunsController {
  constructor(@InjectPinoLogger(RunsController.name) private readonly logger: PinoLogger) {}

  @Get(':id') get(@Headers('x-tenant') tenant: string | undefined) {
    this.logger.info({ tenant }, 'looking up run');
    return { id: 'r1' };
  }
}

const { lines, destination } = captureLines();

@Module({
  imports: [LoggingModule.forRoot({ level: 'info', service: 'agent', version: '9.9.9', destination })],
  controllers: [ProbeController, RunsController],
})
class AppModule {}

async function waitForLine(predicate: (line: LogLine) => boolean): Promise<LogLine> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const line = lines.find(predicate);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no such log line in:\n${lines.map((line) => JSON.stringify(line)).join('\n')}`);
}

describe('LoggingModule in a Nest app', () => {
  let app: INestApplication;
  let tracing: { uninstall: () => void };

  beforeAll(async () => {
    tracing = registerTracing();
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(Logger));
    // Stands in for the http instrumentation: each request runs inside a server span.
    const tracer = trace.getTracer('test');
    app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
      tracer.startActiveSpan(`${req.method} ${req.url}`, (span) => {
        res.setHeader('x-test-trace-id', span.spanContext().traceId);
        res.on('finish', () => span.end());
        next();
      });
    });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    tracing.uninstall();
  });

  beforeEach(() => lines.splice(0));

  it('logs a finished request with method, url, route, status, duration and request id', async () => {
    const response = await request(app.getHttpServer()).get('/runs/42?verbose=1').set('x-request-id', 'req-abc').expect(200);
    expect(response.headers['x-request-id']).toBe('req-abc');

    const line = await waitForLine((entry) => entry.responseTime !== undefined);
    expect(line).toMatchObject({
      level: 'info',
      service: 'agent',
      version: '9.9.9',
      msg: 'GET /runs/42?verbose=1 200',
      route: '/runs/:id',
      req: { id: 'req-abc', method: 'GET', url: '/runs/42?verbose=1' },
      res: { statusCode: 200 },
    });
    expect(typeof line.responseTime).toBe('number');
  });

  it('generates a request id when the caller sends none', async () => {
    const response = await request(app.getHttpServer()).get('/runs/1').expect(200);
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = await waitForLine((entry) => entry.responseTime !== undefined);
    expect(line.req).toMatchObject({ id });
  });

  it('censors the authorization header in the request line', async () => {
    await request(app.getHttpServer()).get('/runs/1').set('authorization', 'Bearer top-secret').set('x-tenant', 'acme');
    const line = await waitForLine((entry) => entry.responseTime !== undefined);
    expect(line.req).toMatchObject({ headers: { authorization: '[REDACTED]', 'x-tenant': 'acme' } });
    expect(JSON.stringify(lines)).not.toContain('top-secret');
  });

  it('puts the active trace on app logs and the request line', async () => {
    const response = await request(app.getHttpServer()).get('/runs/7').expect(200);
    const traceId = response.headers['x-test-trace-id'];

    const appLine = await waitForLine((entry) => entry.msg === 'looking up run');
    const requestLine = await waitForLine((entry) => entry.responseTime !== undefined);
    expect(appLine).toMatchObject({ trace_id: traceId, context: 'RunsController' });
    expect(appLine.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(requestLine).toMatchObject({ trace_id: traceId });
  });

  it('does not log health probes or metric scrapes, but logs the requests around them', async () => {
    const server = app.getHttpServer();
    await request(server).get('/health/live').expect(200);
    await request(server).get('/health/ready?full=1').expect(200);
    await request(server).get('/metrics').expect(200);
    await request(server).get('/runs/2').expect(200);

    await waitForLine((entry) => entry.msg === 'GET /runs/2 200');
    const requestLines = lines.filter((entry) => entry.responseTime !== undefined);
    expect(requestLines.map((entry) => entry.msg)).toEqual(['GET /runs/2 200']);
  });
});
