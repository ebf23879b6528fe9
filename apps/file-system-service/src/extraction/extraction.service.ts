import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@emm/config';
import type { AppConfig } from '../config';
import { ExtractionPool } from './extraction-pool';

/** The extraction worker pool, stopped with the application. */
@Injectable()
export class ExtractionService implements OnApplicationShutdown {
  readonly pool: ExtractionPool;

  constructor(config: ConfigService<AppConfig>) {
    this.pool = new ExtractionPool({
      workers: config.get('EXTRACT_WORKERS'),
      timeoutMs: config.get('EXTRACT_TIMEOUT_MS'),
      memoryMb: config.get('EXTRACT_WORKER_MEMORY_MB'),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}
