import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { z } from 'zod';
import { defineTool, McpServerModule, type AnyToolDefinition, type McpToolProvider } from '../src';
import { InventoryModule, InventoryTools } from './support/inventory-tools';

@Injectable()
class ClashingTools implements McpToolProvider {
  tools(): AnyToolDefinition[] {
    return [
      defineTool({
        name: 'ping',
        description: 'A second tool named ping.',
        input: z.object({}),
        output: z.object({}),
        cache: false,
        idempotent: true,
        readOnly: true,
        handler: () => ({}),
      }),
    ];
  }
}

const APP_CONFIG = Symbol('APP_CONFIG');

@Module({ providers: [{ provide: APP_CONFIG, useValue: { MCP_AUTH_TOKEN: 'from-config', MCP_ALLOWED_HOSTS: ['svc'] } }], exports: [APP_CONFIG] })
class AppConfigModule {}

describe('McpServerModule startup', () => {
  it('refuses to start when two providers declare the same tool name', async () => {
    const building = Test.createTestingModule({
      imports: [McpServerModule.forRoot({ name: 'svc', version: '1', imports: [InventoryModule], providers: [InventoryTools, ClashingTools] })],
    }).compile();
    await expect(building).rejects.toThrow('tool "ping" is declared more than once');
  });

  it('refuses to start with invalid options', async () => {
    const building = Test.createTestingModule({
      imports: [McpServerModule.forRoot({ name: 'svc', version: '1', authToken: '', imports: [InventoryModule], providers: [InventoryTools] })],
    }).compile();
    await expect(building).rejects.toThrow('authToken is empty');
  });

  it('takes its options from injected config with forRootAsync', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        McpServerModule.forRootAsync({
          imports: [InventoryModule, AppConfigModule],
          providers: [InventoryTools],
          inject: [APP_CONFIG],
          useFactory: (config: { MCP_AUTH_TOKEN: string; MCP_ALLOWED_HOSTS: string[] }) => ({
            name: 'svc',
            version: '1',
            authToken: config.MCP_AUTH_TOKEN,
            allowedHosts: config.MCP_ALLOWED_HOSTS,
          }),
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const http = request(app.getHttpServer());
      await http.post('/tools/ping').send({}).expect(401);
      await http.post('/tools/ping').set('Host', 'svc:8080').set('Authorization', 'Bearer from-config').send({}).expect(200);
    } finally {
      await app.close();
    }
  });

  it('builds tool providers with Nest DI', async () => {
    @Injectable()
    class Greeter {
      constructor(@Inject(APP_CONFIG) private readonly config: { MCP_AUTH_TOKEN: string }) {}
      greeting(): string {
        return `token length ${this.config.MCP_AUTH_TOKEN.length}`;
      }
    }
    @Injectable()
    class GreeterTools implements McpToolProvider {
      constructor(private readonly greeter: Greeter) {}
      tools(): AnyToolDefinition[] {
        return [
          defineTool({
            name: 'greet',
            description: 'Greets.',
            input: z.object({}),
            output: z.object({ text: z.string() }),
            cache: false,
            idempotent: true,
            readOnly: true,
            handler: () => ({ text: this.greeter.greeting() }),
          }),
        ];
      }
    }
    @Module({ imports: [AppConfigModule], providers: [Greeter], exports: [Greeter] })
    class GreeterModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [McpServerModule.forRoot({ name: 'svc', version: '1', imports: [GreeterModule], providers: [GreeterTools] })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      await request(app.getHttpServer()).post('/tools/greet').send({}).expect(200, { result: { text: 'token length 11' } });
    } finally {
      await app.close();
    }
  });
});
