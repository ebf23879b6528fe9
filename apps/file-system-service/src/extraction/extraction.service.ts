import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@emm/config';
import type { AppConfig } from '../config';
import { ExtractionPool } from './extraction-pool';

/** The extraction worker pool, stopped with the application. */
@Injectable()
export class ExtractionService implements OnApplicationShutdown {
  readonly pool: ExtractionPool;
  private readonly logger = new Logger(ExtractionService.name);

  constructor(config: ConfigService<AppConfig>) {
    this.pool = new ExtractionPool({
      workers: config.get('EXTRACT_WORKERS'),
      timeoutMs: config.get('EXTRACT_TIMEOUT_MS'),
      memoryMb: config.get('EXTRACT_WORKER_MEMORY_MB'),
      onWorkerError: (error) => this.logger.error({ msg: 'extraction worker failed outside a task', reason: error.message }),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}
