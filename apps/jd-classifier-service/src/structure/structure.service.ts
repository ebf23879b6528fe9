import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@emm/config';
import type { ReadinessCheck } from '@emm/health';
import type { AppConfig } from '../config';
import { type StructureSnapshot, StructureStore } from './structure.store';

/** The JD structure in service: loaded before the app listens, reloaded when the file changes. */
@Injectable()
export class StructureService implements OnModuleInit, OnApplicationShutdown, ReadinessCheck {
  readonly name = 'jd-structure';
  private readonly logger = new Logger(StructureService.name);
  private readonly store: StructureStore;

  constructor(config: ConfigService<AppConfig>) {
    this.store = new StructureStore(
      config.get('JD_STRUCTURE_PATH'),
      { log: (msg, fields) => this.logger.log({ msg, ...fields }), warn: (msg, fields) => this.logger.warn({ msg, ...fields }) },
      config.get('JD_RELOAD_INTERVAL_MS'),
    );
  }

  async onModuleInit(): Promise<void> {
    // A structure that cannot be read stops the start with the loader's reasons (see main.ts).
    await this.store.load();
    this.store.startWatching();
  }

  onApplicationShutdown(): void {
    this.store.stopWatching();
  }

  current(): StructureSnapshot {
    return this.store.current();
  }

  reload(): Promise<void> {
    return this.store.reload();
  }

  async check(): Promise<void> {
    if (!this.store.isLoaded()) throw new Error('JD structure not loaded');
  }
}
