import type { Provider } from '@nestjs/common';
import { ConfigService } from '@emm/config';
import { McpClients } from '@emm/mcp';
import { REDIS_CLIENT } from '@emm/redis';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config';
import { SERVICE_NAME } from '../service-name';
import { BOOKMARK_IMPORT_DEPS, type BookmarkImportDeps } from './bookmark-import.workflow';
import { ImportRecords } from './import-records';

/** The workflow's collaborators from the app's MCP clients, its Redis and its config. */
export const bookmarkImportDepsProvider: Provider = {
  provide: BOOKMARK_IMPORT_DEPS,
  inject: [McpClients, REDIS_CLIENT, ConfigService],
  useFactory: (clients: McpClients, redis: Redis, config: ConfigService<AppConfig>): BookmarkImportDeps => ({
    bookmarks: clients.get('bookmark-classifier'),
    scraper: clients.get('web-scraper'),
    files: clients.get('file-system'),
    jd: clients.get('jd-classifier'),
    notifications: clients.get('notifications'),
    records: new ImportRecords(redis, `emm:${SERVICE_NAME}`),
    markdownMaxChars: config.get('BOOKMARK_MARKDOWN_MAX_CHARS'),
  }),
};
