import { join } from 'node:path';
import { freePort, spawnProcess, startRedis, type RedisServer } from '@emm/testing';
import request from 'supertest';

// The agent as it runs in a pod: `node dist/main.js` (turbo builds it before the tests).

const MAIN = join(__dirname, '..', 'dist', 'main.js');

describe('file-system-agent as a process', () => {
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('refuses bad configuration with one line per problem and no stack trace', async () => {
    const agent = await spawnProcess(process.execPath, [MAIN], {
      env: { REDIS_URL: redis.url, IMPORT_NOTE_MAX_CHARS: '-1', IMPORT_CLASSIFY_TIMEOUT_MS: 'soon', ITEM_TIMEOUT_MS: '30s', RUN_SCHEDULE: 'sometimes' },
    });
    const exit = await agent.exited;
    expect(exit.code).toBe(1);
    expect(agent.output().trim().split('\n')).toEqual([
      'config error: IMPORT_NOTE_MAX_CHARS: must be an integer between 0 and 250000',
      'config error: IMPORT_CLASSIFY_TIMEOUT_MS: must be a duration such as 1500, 500ms, 5s or 2m',
      'config error: ITEM_TIMEOUT_MS: must be less than SHUTDOWN_TIMEOUT_MS',
      'config error: RUN_SCHEDULE: must be "every <duration>" (e.g. every 5m) or a cron pattern with 5 or 6 fields',
    ]);
  });

  it('starts on a schedule, offers file-import with its input, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const agent = await spawnProcess(process.execPath, [MAIN], {
      env: { REDIS_URL: redis.url, PORT: String(port), HOST: '127.0.0.1', RUN_API_TOKEN: 'a-token-for-this-test', RUN_SCHEDULE: 'every 5m', SHUTDOWN_DRAIN_MS: '0', LOG_LEVEL: 'warn' },
      readyUrl: `${baseUrl}/health/ready`,
    });
    try {
      expect((await request(baseUrl).get('/workflows')).status).toBe(401);
      const response = await request(baseUrl).get('/workflows').set('authorization', 'Bearer a-token-for-this-test');
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.body)).toContain('"file-import"');
      expect(JSON.stringify(response.body)).toContain('"prefix"');
      expect(JSON.stringify(response.body)).toContain('"limit"');
    } finally {
      const exit = await agent.stop();
      expect(exit.code).toBe(0);
    }
  });
});
