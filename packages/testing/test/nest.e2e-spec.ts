import 'reflect-metadata';
import { ConsoleLogger, Controller, Get, Inject, Injectable, type INestApplication, Module } from '@nestjs/common';
import { startNestApp } from '../src/nest';

const GREETING = 'GREETING';

@Controller()
class GreetingController {
  constructor(@Inject(GREETING) private readonly greeting: string) {}

  @Get('greeting')
  get(): string {
    return this.greeting;
  }
}

@Module({ controllers: [GreetingController], providers: [{ provide: GREETING, useValue: 'hello' }] })
class GreetingModule {}

/** Records what Nest logs through it. */
@Injectable()
class RecordingLogger extends ConsoleLogger {
  static readonly lines: string[] = [];

  override log(message: unknown, context?: string): void {
    RecordingLogger.lines.push(`${context}: ${String(message)}`);
  }
}

describe('startNestApp', () => {
  const apps: INestApplication[] = [];

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it('serves the module on a free 127.0.0.1 port', async () => {
    const { app, baseUrl, port } = await startNestApp(GreetingModule);
    apps.push(app);
    expect(baseUrl).toBe(`http://127.0.0.1:${port}`);
    const res = await fetch(`${baseUrl}/greeting`);
    expect(await res.text()).toBe('hello');
  });

  it('applies overrides before the module compiles', async () => {
    const { app, baseUrl } = await startNestApp({ module: GreetingModule }, { override: (builder) => builder.overrideProvider(GREETING).useValue('hi') });
    apps.push(app);
    expect(await (await fetch(`${baseUrl}/greeting`)).text()).toBe('hi');
  });

  it('routes Nest’s own log lines through the app’s logger when given one', async () => {
    @Module({ imports: [GreetingModule], providers: [RecordingLogger], exports: [RecordingLogger] })
    class LoggedModule {}
    const { app } = await startNestApp(LoggedModule, { logger: RecordingLogger });
    apps.push(app);
    expect(RecordingLogger.lines).toContainEqual(expect.stringMatching(/^RoutesResolver: GreetingController/));
  });
});
