import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@emm/config';
import { CACHE_REDIS_CLIENT } from '@emm/redis';
import type Redis from 'ioredis';
import { type AppConfig, userAgentOf } from '../config';
import { defaultExtractThreads, HtmlExtractorPool } from '../extraction/html-extractor-pool';
import { HostLimiter } from '../fetching/host-limiter';
import { RobotsPolicy } from '../fetching/robots-policy';
import { SafeFetcher } from '../fetching/safe-fetcher';
import { AllowList } from '../safety/allow-list';
import { HOST_RESOLVER, type HostResolver } from '../safety/host-resolver';
import { TargetGuard } from '../safety/target-guard';
import { PageCache } from './page-cache';
import { type PageResult, PageScraper } from './page-scraper';
import { ScraperMetrics } from './scraper-metrics';

/** Builds the scraper from config and owns its connections. */
@Injectable()
export class ScraperService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ScraperService.name);
  private readonly allowList: AllowList;
  private readonly fetcher: SafeFetcher;
  private readonly html: HtmlExtractorPool;
  private readonly scraper: PageScraper;
  readonly userAgent: string;

  constructor(config: ConfigService<AppConfig>, @Inject(CACHE_REDIS_CLIENT) cacheRedis: Redis, @Inject(HOST_RESOLVER) resolver: HostResolver) {
    const metrics = new ScraperMetrics();
    this.userAgent = userAgentOf({ SCRAPER_USER_AGENT: config.get('SCRAPER_USER_AGENT'), SERVICE_VERSION: config.get('SERVICE_VERSION') });
    this.allowList = new AllowList(config.get('SCRAPER_ALLOW_HOSTS'));
    this.fetcher = new SafeFetcher(
      new TargetGuard(this.allowList, resolver),
      {
        userAgent: this.userAgent,
        maxRedirects: config.get('SCRAPER_MAX_REDIRECTS'),
        headerTimeoutMs: config.get('SCRAPER_HEADER_TIMEOUT_MS'),
        bodyTimeoutMs: config.get('SCRAPER_BODY_TIMEOUT_MS'),
      },
      metrics,
    );
    const limiter = new HostLimiter(config.get('SCRAPER_PER_HOST_CONCURRENCY'), config.get('SCRAPER_PER_HOST_DELAY_MS'));
    this.html = new HtmlExtractorPool(config.get('SCRAPER_EXTRACT_THREADS') ?? defaultExtractThreads(), config.get('SCRAPER_BODY_TIMEOUT_MS'));
    this.scraper = new PageScraper({
      fetcher: this.fetcher,
      html: this.html,
      limiter,
      robots: config.get('SCRAPER_RESPECT_ROBOTS') ? new RobotsPolicy(this.fetcher, limiter, this.userAgent) : undefined,
      cache: new PageCache<PageResult>(cacheRedis, config.get('SCRAPER_CACHE_TTL_SECONDS'), this.logger),
      metrics,
      settings: { maxBytes: config.get('SCRAPER_MAX_BYTES'), bodyTimeoutMs: config.get('SCRAPER_BODY_TIMEOUT_MS') },
    });
  }

  onModuleInit(): void {
    this.logger.log({ msg: 'web scraper ready', userAgent: this.userAgent, extractThreads: this.html.threads });
    if (!this.allowList.isEmpty) {
      this.logger.warn({
        msg: 'SCRAPER_ALLOW_HOSTS is set: these hosts and ranges bypass the public-address rule. Use it for tests and local demos only.',
        allowed: this.allowList.describe(),
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.fetcher.close(), this.html.close()]);
  }

  fetchPage(url: URL, options: { signal: AbortSignal; bypassCache?: boolean }): Promise<PageResult> {
    return this.scraper.fetchPage(url, options);
  }
}
