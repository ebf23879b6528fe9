import { Body, Controller, Get, HttpException, type INestApplication, Module, Param, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { spawnSync } from 'node:child_process';
import request from 'supertest';
import { getOrCreateCounter, MetricsModule } from '../src';

@Controller()
class ItemsController {
  private readonly itemsCreated = getOrCreateCounter({ name: 'items_created_total', help: 'Items created' });

  @Get('items/:id')
  item(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Get('teapot')
  teapot(): never {
    throw new HttpException('short and stout', 418);
  }

  @Post('items')
  create(@Body() body: { name: string }): { name: string } {
    this.itemsCreated.inc();
    return body;
  }
}

async function createApp(version: string): Promise<INestApplication> {
  @Module({ imports: [MetricsModule.forRoot({ service: 'items-service', version })], controllers: [ItemsController] })
  class AppModule {}
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

async function scrape(app: INestApplication): Promise<string> {
  const response = await request(app.getHttpServer()).get('/metrics').expect(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
  return response.text;
}

/** Value of the sample `name{labels...}` in a Prometheus text exposition (0 when absent). */
function sample(exposition: string, name: string, labels: Record<string, string>): number {
  const line = exposition
    .split('\n')
    .find(
      (candidate) =>
        candidate.startsWith(`${name}{`) &&
        Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`)),
    );
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('MetricsModule', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createApp('1.2.3');
  });
  afterAll(async () => {
    await app.close();
  });

  it('serves default process metrics labelled with service and version', async () => {
    const text = await scrape(app);
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="items-service",version="1\.2\.3"\} /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes\{service="items-service",version="1\.2\.3"\} /m);
  });

  it('passes promtool check metrics', async () => {
    await request(app.getHttpServer()).get('/items/1').expect(200);
    const text = await scrape(app);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(check.error).toBeUndefined();
    const problems = `${check.stdout}${check.stderr}`
      .split('\n')
      .filter((line) => line.trim() !== '')
      // prom-client's own gauges carry a _total suffix; nothing this package can rename.
      .filter((line) => !/^nodejs_active_\w+_total non-counter metrics/.test(line));
    expect(problems).toEqual([]);
  });

  it('counts a request under its route template with the status code', async () => {
    const labels = { method: 'GET', route: '/items/:id', status_code: '200', service: 'items-service' };
    const before = sample(await scrape(app), 'http_requests_total', labels);

    await request(app.getHttpServer()).get('/items/42').expect(200, { id: '42' });
    await request(app.getHttpServer()).get('/items/43').expect(200);

    const text = await scrape(app);
    expect(sample(text, 'http_requests_total', labels)).toBe(before + 2);
    expect(text).not.toContain('/items/42');
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/items/:id' })).toBeGreaterThanOrEqual(2);
  });

  it('records the final status an exception filter produced', async () => {
    await request(app.getHttpServer()).get('/teapot').expect(418);
    const text = await scrape(app);
    expect(sample(text, 'http_requests_total', { route: '/teapot', status_code: '418' })).toBe(1);
  });

  it('counts requests that matched no route as "unmatched"', async () => {
    const labels = { method: 'GET', route: 'unmatched', status_code: '404' };
    const before = sample(await scrape(app), 'http_requests_total', labels);

    await request(app.getHttpServer()).get('/wp-admin/setup.php').expect(404);
    await request(app.getHttpServer()).get('/.env').expect(404);

    const text = await scrape(app);
    expect(sample(text, 'http_requests_total', labels)).toBe(before + 2);
    expect(text).not.toContain('wp-admin');
  });

  it('counts a body the JSON parser rejected, with its 400', async () => {
    const labels = { method: 'POST', status_code: '400' };
    const before = sample(await scrape(app), 'http_requests_total', labels);

    await request(app.getHttpServer()).post('/items').set('content-type', 'application/json').send('{"name":').expect(400);

    expect(sample(await scrape(app), 'http_requests_total', labels)).toBe(before + 1);
  });

  it('does not count its own scrapes', async () => {
    await scrape(app);
    await scrape(app);
    expect(await scrape(app)).not.toMatch(/^http_requests_total\{[^}]*route="\/metrics"/m);
  });

  it('exposes custom metrics created with the registry helpers', async () => {
    await request(app.getHttpServer()).post('/items').send({ name: 'x' }).expect(201);
    expect(sample(await scrape(app), 'items_created_total', { service: 'items-service' })).toBeGreaterThanOrEqual(1);
  });
});

describe('MetricsModule built several times in one process', () => {
  it('serves metrics from each app built one after another', async () => {
    const first = await createApp('1.0.0');
    await request(first.getHttpServer()).get('/items/1').expect(200);
    expect(await scrape(first)).toContain('version="1.0.0"');
    await first.close();

    const second = await createApp('2.0.0');
    try {
      await request(second.getHttpServer()).get('/items/2').expect(200);
      const text = await scrape(second);
      expect(text).toMatch(/^process_cpu_user_seconds_total\{service="items-service",version="2\.0\.0"\} /m);
      expect(sample(text, 'http_requests_total', { route: '/items/:id', version: '2.0.0' })).toBeGreaterThanOrEqual(2);
    } finally {
      await second.close();
    }
  });
});
