import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@emm/config';
import { getOrCreateHistogram } from '@emm/metrics';
import { CACHE_REDIS_CLIENT } from '@emm/redis';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config';
import { type LinkedPage, StorageDocument } from '../storage';
import { createConfluenceApi } from './create-api';
import { ConfluenceCredentialsError } from './http/errors';
import type { ConfluenceApi, PageContent, SpaceInfo } from './model';
import { type ListPagesRequest, type ListPagesResult, PageLister } from './page-lister';
import { UserDirectory } from './user-directory';

/** Test hook: a different API client (same config), e.g. with short backoff. */
export const CONFLUENCE_API = Symbol('CONFLUENCE_API');

export interface ConvertedPage extends Omit<PageContent, 'storage'> {
  markdown: string;
  linkedPages: LinkedPage[];
  unknownMacros: string[];
}

const conversionDuration = getOrCreateHistogram({
  name: 'confluence_page_conversion_seconds',
  help: 'Time to convert one page body from storage format to Markdown',
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
});

/** The Confluence site in service: what the tools ask, answered through the configured API flavour. */
@Injectable()
export class ConfluenceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConfluenceService.name);
  private readonly lister: PageLister;
  private readonly users: UserDirectory;

  constructor(
    @Inject(CONFLUENCE_API) private readonly api: ConfluenceApi,
    @Inject(CACHE_REDIS_CLIENT) cache: Redis,
  ) {
    this.lister = new PageLister(api);
    this.users = new UserDirectory(api, cache, { warn: (msg, fields) => this.logger.warn({ msg, ...fields }) });
  }

  get flavor(): ConfluenceApi['flavor'] {
    return this.api.flavor;
  }

  /**
   * Tells the operator at once whether the credentials work, without holding
   * up the start or readiness: Confluence being down must not take every
   * replica out of service, where callers would get no explanation at all.
   */
  onApplicationBootstrap(): void {
    this.api
      .probe(AbortSignal.timeout(15_000))
      .then(() => this.logger.log({ msg: 'Confluence reachable, credentials accepted', flavor: this.api.flavor }))
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        if (error instanceof ConfluenceCredentialsError) this.logger.error({ msg: 'Confluence rejected the credentials', reason });
        else this.logger.warn({ msg: 'Confluence not reachable at startup; tools will report it as unavailable until it is', reason });
      });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.api.close();
  }

  listSpaces(type: 'global' | 'personal' | undefined, signal?: AbortSignal): Promise<SpaceInfo[]> {
    return this.api.listSpaces({ type, signal });
  }

  listPages(request: ListPagesRequest): Promise<ListPagesResult> {
    return this.lister.list(request);
  }

  async getPage(id: string, version: number | undefined, signal?: AbortSignal): Promise<ConvertedPage> {
    const { storage, ...page } = await this.api.getPage(id, version, signal);
    const parseStarted = performance.now();
    const document = StorageDocument.parse(storage);
    const parseMs = performance.now() - parseStarted;
    const userName = await this.users.namesFor(document.userRefs(), signal);
    const renderStarted = performance.now();
    const conversion = document.toMarkdown({ userName, attachments: page.attachments });
    conversionDuration.observe((parseMs + performance.now() - renderStarted) / 1000);
    return { ...page, ...conversion };
  }
}

/** Provider of the API client built from the validated config. */
export const confluenceApiProvider = {
  provide: CONFLUENCE_API,
  inject: [ConfigService],
  useFactory: (config: ConfigService<AppConfig>): ConfluenceApi => createConfluenceApi(config.all(), config.get('SERVICE_VERSION')),
};
