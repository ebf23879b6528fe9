import { loadConfig } from '@emm/config';
import { CACHE_REDIS_CLIENT, RedisModule, redisEnvSchema, redisSettingsFromEnv } from '@emm/redis';
import { startRedis, type RedisServer } from '@emm/testing';
import { Injectable, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Redis } from 'ioredis';
import { argumentsHash, InjectMcpClient, McpClient, McpClientModule, McpClients, mcpClientConfigFromEnv, mcpClientEnvSchema } from '../../src';
import { findCategory } from './support/contracts';
import { startJdService, type JdService } from './support/jd-service';

/** A feature service of a calling app, as it would use the client. */
@Injectable()
class Placer {
  constructor(@InjectMcpClient('jd-classifier') private readonly jd: McpClient<'jd-classifier'>) {}

  async categoryFor(text: string): Promise<string | undefined> {
    const { matches } = await this.jd.call(findCategory, { query: text, limit: 1 });
    return matches[0]?.categoryId;
  }
}

describe('McpClientModule in a Nest app', () => {
  let serviceRedis: RedisServer;
  let cacheRedis: RedisServer;
  let jd: JdService;
  let app: INestApplicationContext;

  beforeAll(async () => {
    serviceRedis = await startRedis();
    cacheRedis = await startRedis({ appendOnly: false });
    jd = await startJdService({ redisUrl: serviceRedis.url });
    // What an app's config.ts does: its schema includes mcpClientEnvSchema.shape.
    const env = loadConfig(mcpClientEnvSchema, { MCP_JD_CLASSIFIER_URL: jd.mcpUrl, MCP_CLIENT_TIMEOUT_MS: '2s' });
    const moduleRef = await Test.createTestingModule({
      imports: [
        RedisModule.forRoot(redisSettingsFromEnv(redisEnvSchema.parse({ REDIS_URL: serviceRedis.url, CACHE_REDIS_URL: cacheRedis.url })), { name: 'nest-e2e' }),
        McpClientModule.forRoot({ ...mcpClientConfigFromEnv(env, { caller: 'nest-e2e', version: '2.0.0' }), services: ['jd-classifier'] }),
      ],
      providers: [Placer],
    }).compile();
    app = await moduleRef.init();
  });

  afterAll(async () => {
    await jd?.stop();
    await serviceRedis?.stop();
    await cacheRedis?.stop();
  });

  it('injects the client of a listed service and caches in the cache Redis under the app’s name and version', async () => {
    const text = 'electricity bill for the flat';
    const category = await app.get(Placer).categoryFor(text);
    expect(category).toMatch(/^\d\d$/);
    const cache = app.get<Redis>(CACHE_REDIS_CLIENT);
    const key = `emm:nest-e2e:mcp-cache:2.0.0:jd-classifier:find_category:${argumentsHash({ query: text, limit: 1 })}`;
    expect(JSON.parse((await cache.get(key)) ?? 'null')).toMatchObject({ matches: [expect.objectContaining({ categoryId: category })] });
  });

  it('refuses a service the app did not list, naming the fix', () => {
    expect(() => app.get(McpClients).get('content-classifier')).toThrow('add it to McpClientModule.forRoot({ services })');
  });

  it('closes its clients at shutdown: later calls fail instead of hanging', async () => {
    const client = app.get(McpClients).get('jd-classifier');
    await app.close();
    await expect(client.call(findCategory, { name: 'Banking' }, { cache: false })).rejects.toMatchObject({ kind: 'unavailable', code: 'client_closed', attempts: 1 });
  });

  it('rejects an unknown service at startup', () => {
    const env = loadConfig(mcpClientEnvSchema, {});
    expect(() => McpClientModule.forRoot({ ...mcpClientConfigFromEnv(env, { caller: 'x', version: '1' }), services: ['jd-classifer' as 'jd-classifier'] })).toThrow(
      'McpClientModule: unknown service "jd-classifer"',
    );
  });
});
