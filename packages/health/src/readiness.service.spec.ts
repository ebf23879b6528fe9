import { HealthIndicatorService } from '@nestjs/terminus';
import type { ModuleRef } from '@nestjs/core';
import type { ReadinessCheck } from './readiness-check';
import { ReadinessService } from './readiness.service';

class Check implements ReadinessCheck {
  constructor(
    readonly name: string,
    readonly check: () => Promise<void>,
  ) {}
}

async function serviceWith(checks: ReadinessCheck[], checkTimeoutMs?: number): Promise<ReadinessService> {
  const byName = new Map(checks.map((check) => [check.name, check]));
  const moduleRef = { get: (token: string) => byName.get(token) } as unknown as ModuleRef;
  const service = new ReadinessService({ readiness: [...byName.keys()], checkTimeoutMs }, moduleRef, new HealthIndicatorService());
  await service.onModuleInit();
  return service;
}

async function run(service: ReadinessService): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const indicator of service.indicatorFunctions()) results.push(await Promise.resolve(indicator()));
  return results;
}

describe('ReadinessService', () => {
  it('maps a passing check to up and a throwing one to down with its reason', async () => {
    const service = await serviceWith([
      new Check('redis', async () => undefined),
      new Check('jd', async () => {
        throw new Error('jd.yaml: area 10-19 has no categories');
      }),
    ]);
    expect(await run(service)).toEqual([
      { redis: { status: 'up' } },
      { jd: { status: 'down', message: 'jd.yaml: area 10-19 has no categories' } },
    ]);
  });

  it('marks a check that never answers as down after the timeout', async () => {
    const service = await serviceWith([new Check('slow', () => new Promise(() => undefined))], 50);
    expect(await run(service)).toEqual([{ slow: { status: 'down', message: 'no answer within 50 ms' } }]);
  });

  it('rejects at start a provider that is not a readiness check', async () => {
    const moduleRef = { get: () => ({ ping: () => 'PONG' }) } as unknown as ModuleRef;
    const service = new ReadinessService({ readiness: ['redis'] }, moduleRef, new HealthIndicatorService());
    await expect(service.onModuleInit()).rejects.toThrow('Readiness check redis must have a string "name" and a "check()" method');
  });

  it('tracks bootstrap and the first successful pass', () => {
    const service = new ReadinessService({}, {} as ModuleRef, new HealthIndicatorService());
    expect([service.hasBootstrapped, service.hasPassedOnce]).toEqual([false, false]);
    service.onApplicationBootstrap();
    service.markPassed();
    expect([service.hasBootstrapped, service.hasPassedOnce]).toEqual([true, true]);
  });
});
