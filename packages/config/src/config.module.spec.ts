import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigModule, ConfigService } from './config.module';

interface AppConfig {
  PORT: number;
  ALLOWED_ORIGINS: string[];
}

@Injectable()
class Greeter {
  constructor(readonly config: ConfigService<AppConfig>) {}
}

describe('ConfigModule', () => {
  it('gives every provider typed, read-only access to the config passed in', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot<AppConfig>({ PORT: 3000, ALLOWED_ORIGINS: ['http://localhost'] })],
      providers: [Greeter],
    }).compile();

    const { config } = moduleRef.get(Greeter);
    const port: number = config.get('PORT');
    expect(port).toBe(3000);
    expect(config.all()).toEqual({ PORT: 3000, ALLOWED_ORIGINS: ['http://localhost'] });
    expect(() => config.get('ALLOWED_ORIGINS').push('http://evil')).toThrow(TypeError);
    await moduleRef.close();
  });
});
