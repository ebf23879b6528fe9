import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { isReadinessCheck, type ReadinessCheck, type ReadinessCheckToken } from './readiness-check';
import { withTimeout } from './with-timeout';

export interface HealthModuleOptions {
  /** Checks that must pass for `/health/ready` (and, once, `/health/startup`). */
  readiness?: ReadinessCheckToken[];
  /** A check that takes longer than this counts as failed (default 2000 ms), so a hung dependency cannot hang the probe. */
  checkTimeoutMs?: number;
}

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

/** Resolves the registered readiness checks and runs them as terminus health indicators. */
@Injectable()
export class ReadinessService implements OnModuleInit, OnApplicationBootstrap {
  private checks: ReadinessCheck[] = [];
  private bootstrapped = false;
  private passedOnce = false;

  constructor(
    @Inject(HEALTH_OPTIONS) private readonly options: HealthModuleOptions,
    private readonly moduleRef: ModuleRef,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.checks = await Promise.all((this.options.readiness ?? []).map((token) => this.resolve(token)));
  }

  onApplicationBootstrap(): void {
    this.bootstrapped = true;
  }

  get hasBootstrapped(): boolean {
    return this.bootstrapped;
  }

  get hasPassedOnce(): boolean {
    return this.passedOnce;
  }

  markPassed(): void {
    this.passedOnce = true;
  }

  /** One terminus indicator per check: `up`, or `down` with the check's reason. */
  indicatorFunctions(): HealthIndicatorFunction[] {
    const timeoutMs = this.options.checkTimeoutMs ?? 2_000;
    return this.checks.map((readiness) => async () => {
      const session = this.indicators.check(readiness.name);
      try {
        await withTimeout(readiness.check(), timeoutMs, `no answer within ${timeoutMs} ms`);
        return session.up();
      } catch (error) {
        return session.down({ message: error instanceof Error ? error.message : String(error) });
      }
    });
  }

  private async resolve(token: ReadinessCheckToken): Promise<ReadinessCheck> {
    let instance: unknown;
    try {
      // Usually provided (and exported) by the module that owns the dependency.
      instance = this.moduleRef.get(token, { strict: false });
    } catch {
      // A class nobody provides is built here, with whatever the global modules offer.
      if (typeof token !== 'function') throw new Error(`Readiness check ${String(token)} is not provided by any module`);
      instance = await this.moduleRef.create(token as Type<ReadinessCheck>);
    }
    if (!isReadinessCheck(instance)) {
      throw new Error(`Readiness check ${describe(token)} must have a string "name" and a "check()" method`);
    }
    return instance;
  }
}

function describe(token: ReadinessCheckToken): string {
  return typeof token === 'function' ? token.name : String(token);
}
