import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@emm/config';
import type { ReadinessCheck } from '@emm/health';
import type { AppConfig } from '../config';
import { createStorage } from './create-storage';
import type { StorageBackend } from './storage';

/** The storage backend in service: ready only while both roots can be read and written. */
@Injectable()
export class StorageService implements ReadinessCheck, OnApplicationShutdown {
  readonly name = 'storage';
  readonly backend: StorageBackend;

  constructor(config: ConfigService<AppConfig>) {
    this.backend = createStorage(config.all());
  }

  check(): Promise<void> {
    return this.backend.check();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.backend.close();
  }
}
