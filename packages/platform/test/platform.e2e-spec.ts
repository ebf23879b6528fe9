import { Injectable, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig, platformEnvSchema } from '@emm/config';
import type { ReadinessCheck } from '@emm/health';
import { redisEnvSchema } from '@emm/redis';
import { startRedis, type RedisServer, waitFor } from '@emm/testing';
import request from 'supertest';
import { PlatformModule, type ServiceEnv } from '../src';

@Injectable()
class FeatureFlag implements ReadinessCheck {
  readonly name = 'feature';
  ready = true;
  async check(): Promise<void> {
    if (!this.ready) throw new Error('feature not loaded yet');
  }
}

@Module({ providers: [FeatureFlag], exports: [FeatureFlag] })
class FeatureModule {}

describe('PlatformModule', () => {
  let redis: RedisServer;
  let app: INestApplication;

  beforeAll(async () => {
    redis = await startRedis();
    const config: ServiceEnv = loadConfig(platformEnvSchema.extend(redisEnvSchema.shape), {
      REDIS_URL: redis.url,
      LOG_LEVEL: 'silent',
      SERVICE_VERSION: '1.2.3',
    });
    const moduleRef = await Test.createTestingModule({
      imports: [PlatformModule.forRoot({ service: 'platform-e2e', config, readiness: [FeatureFlag] }), FeatureModule],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('serves the health endpoints with Redis and the app’s own checks', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(Object.keys(ready.body.info)).toEqual(expect.arrayContaining(['redis', 'feature']));

    app.get(FeatureFlag).ready = false;
    const notReady = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(notReady.body.error.feature.message).toBe('feature not loaded yet');
    app.get(FeatureFlag).ready = true;
  });

  it('turns not ready when Redis goes away and ready again when it is back', async () => {
    await redis.kill();
    const down = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(down.body.error).toHaveProperty('redis');
    await redis.restart();
    await waitFor(async () => (await request(app.getHttpServer()).get('/health/ready')).status === 200, {
      timeoutMs: 10_000,
      message: 'readiness did not recover after Redis came back',
    });
  });

  it('exports Prometheus metrics labelled with the service and version', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    const metrics = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/process_cpu_seconds_total\{[^}]*service="platform-e2e"[^}]*version="1.2.3"/);
  });
});

describe('PlatformModule for a service that uses Redis only as a cache', () => {
  it('stays ready while Redis is down', async () => {
    const redis = await startRedis();
    const config: ServiceEnv = loadConfig(platformEnvSchema.extend(redisEnvSchema.shape), { REDIS_URL: redis.url, LOG_LEVEL: 'silent' });
    const moduleRef = await Test.createTestingModule({
      imports: [PlatformModule.forRoot({ service: 'cache-only', config, redisRequired: false })],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    try {
      await redis.kill();
      await request(app.getHttpServer()).get('/health/ready').expect(200);
    } finally {
      await app.close();
      await redis.stop();
    }
  });
});
