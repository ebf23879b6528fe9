import { trace } from '@opentelemetry/api';
import { captureLines, registerTracing } from '../test/capture';
import { createLogger } from './create-logger';

function newLogger() {
  const { lines, destination } = captureLines();
  const logger = createLogger({ level: 'info', service: 'test-service', version: '1.2.3', destination });
  return { lines, logger };
}

describe('createLogger', () => {
  it('writes one JSON object per line with service, version, level label and time', () => {
    const { lines, logger } = newLogger();
    logger.info({ items: 3 }, 'imported');
    logger.debug('below the level');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', service: 'test-service', version: '1.2.3', items: 3, msg: 'imported' });
    expect(new Date(lines[0].time as string).toString()).not.toBe('Invalid Date');
  });

  it('censors credentials in HTTP headers and keeps the other headers', () => {
    const { lines, logger } = newLogger();
    logger.info({
      req: {
        method: 'GET',
        headers: { authorization: 'Bearer abc', cookie: 'sid=1', 'x-api-key': 'k-123', accept: 'application/json' },
      },
      res: { headers: { 'set-cookie': 'sid=2', 'content-type': 'text/plain' } },
    });
    expect(lines[0].req).toEqual({
      method: 'GET',
      headers: { authorization: '[REDACTED]', cookie: '[REDACTED]', 'x-api-key': '[REDACTED]', accept: 'application/json' },
    });
    expect(lines[0].res).toEqual({ headers: { 'set-cookie': '[REDACTED]', 'content-type': 'text/plain' } });
  });

  it('censors secret-named keys at the top and nested levels', () => {
    const { lines, logger } = newLogger();
    logger.info({
      password: 'p0',
      user: { name: 'ada', password: 'p1' },
      confluence: { auth: { apiKey: 'k1', api_key: 'k2', token: 't1' } },
      webhook: { slack: { signing: { secret: 's1', url: 'https://hooks.example' } } },
    });
    const text = JSON.stringify(lines[0]);
    for (const secret of ['p0', 'p1', 'k1', 'k2', 't1', 's1']) expect(text).not.toContain(`"${secret}"`);
    expect(lines[0]).toMatchObject({
      password: '[REDACTED]',
      user: { name: 'ada', password: '[REDACTED]' },
      confluence: { auth: { apiKey: '[REDACTED]', api_key: '[REDACTED]', token: '[REDACTED]' } },
      webhook: { slack: { signing: { secret: '[REDACTED]', url: 'https://hooks.example' } } },
    });
  });

  describe('with tracing registered', () => {
    let tracing: { uninstall: () => void };
    beforeAll(() => (tracing = registerTracing()));
    afterAll(() => tracing.uninstall());

    it('adds trace_id and span_id inside an active span, across awaits, and nothing outside', async () => {
      const { lines, logger } = newLogger();
      const tracer = trace.getTracer('test');
      logger.info('before');
      const ids = await tracer.startActiveSpan('work', async (span) => {
        logger.info('inside');
        await new Promise((resolve) => setTimeout(resolve, 5));
        logger.info('after await');
        span.end();
        return span.spanContext();
      });
      logger.info('after');

      expect(lines.map((line) => [line.msg, line.trace_id, line.span_id])).toEqual([
        ['before', undefined, undefined],
        ['inside', ids.traceId, ids.spanId],
        ['after await', ids.traceId, ids.spanId],
        ['after', undefined, undefined],
      ]);
      expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    });
  });
});
