import { Injectable, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { HealthModule, ShutdownState, type ReadinessCheck, type ReadinessCheckToken } from '../src';

/** A dependency whose availability the test switches. */
@Injectable()
class Dependency {
  failure: string | undefined;
}

@Injectable()
class DependencyCheck implements ReadinessCheck {
  readonly name = 'dependency';
  constructor(private readonly dependency: Dependency) {}
  async check(): Promise<void> {
    if (this.dependency.failure !== undefined) throw new Error(this.dependency.failure);
  }
}

/** Owns the dependency and provides its check, as RedisModule does. */
@Module({ providers: [Dependency, DependencyCheck], exports: [Dependency] })
class DependencyModule {}

/** Provided by nobody: HealthModule builds it itself. */
class AlwaysReady implements ReadinessCheck {
  readonly name = 'always';
  async check(): Promise<void> {}
}

async function createApp(readiness: ReadinessCheckToken[]): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [DependencyModule, HealthModule.forRoot({ readiness, checkTimeoutMs: 200 })],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('HealthModule', () => {
  let app: INestApplication;
  let dependency: Dependency;
  beforeEach(async () => {
    app = await createApp([DependencyCheck, AlwaysReady]);
    dependency = app.get(Dependency);
  });
  afterEach(async () => {
    await app.close();
  });

  it('GET /health/live answers 200 without checking dependencies', async () => {
    dependency.failure = 'connection refused';
    await request(app.getHttpServer())
      .get('/health/live')
      .expect(200, { status: 'ok', info: {}, error: {}, details: {} });
  });

  it('GET /health/ready reports every check up', async () => {
    const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body).toEqual({
      status: 'ok',
      info: { dependency: { status: 'up' }, always: { status: 'up' } },
      error: {},
      details: { dependency: { status: 'up' }, always: { status: 'up' } },
    });
  });

  it('GET /health/ready answers 503 naming the failed check and why', async () => {
    dependency.failure = 'connect ECONNREFUSED 127.0.0.1:6379';
    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(response.body).toMatchObject({
      status: 'error',
      info: { always: { status: 'up' } },
      error: { dependency: { status: 'down', message: 'connect ECONNREFUSED 127.0.0.1:6379' } },
    });
  });

  it('GET /health/ready answers 503 once draining began, while liveness stays 200', async () => {
    app.get(ShutdownState).beginDraining();
    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(response.body).toMatchObject({ status: 'shutting_down', error: { shutdown: { status: 'down' } } });
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });

  it('GET /health/startup waits for the first passing readiness, then stays up', async () => {
    dependency.failure = 'still loading';
    const failing = await request(app.getHttpServer()).get('/health/startup').expect(503);
    expect(failing.body.error).toEqual({ dependency: { status: 'down', message: 'still loading' } });

    dependency.failure = undefined;
    await request(app.getHttpServer()).get('/health/startup').expect(200);

    dependency.failure = 'gone again';
    const later = await request(app.getHttpServer()).get('/health/startup').expect(200);
    expect(later.body.info).toEqual({ startup: { status: 'up' } });
    await request(app.getHttpServer()).get('/health/ready').expect(503);
  });
});

describe('HealthModule configuration', () => {
  it('works without readiness checks', async () => {
    const app = await createApp([]);
    try {
      await request(app.getHttpServer()).get('/health/ready').expect(200, { status: 'ok', info: {}, error: {}, details: {} });
      await request(app.getHttpServer()).get('/health/startup').expect(200);
    } finally {
      await app.close();
    }
  });

  it('fails at start when a readiness token is provided by nobody', async () => {
    await expect(createApp(['MISSING_CHECK'])).rejects.toThrow('Readiness check MISSING_CHECK is not provided by any module');
  });
});
