import { Injectable, Logger, Module } from '@nestjs/common';
import { ConfigService } from '@emm/config';
import { jdClassifier } from '@emm/contracts';
import { InjectMcpClient, type McpClient } from '@emm/mcp';
import { CACHE_REDIS_CLIENT } from '@emm/redis';
import type Redis from 'ioredis';
import type { AppConfig } from '../config';
import { BookmarkClassifier, type BookmarkClassification } from './bookmark-classifier';
import { ClassificationCache } from './classification-cache';
import { ContentClassifierClient } from './content-classifier.client';
import { DomainRules } from './domain-rules';
import { domainRulesFrom } from './domain-rules.env';
import { JdStructureSource } from './jd-structure-source';

const logger = new Logger('BookmarkClassification');

/** The JD structure as jd-classifier serves it, refreshed after BOOKMARK_STRUCTURE_MAX_AGE_MS. */
@Injectable()
class RemoteJdStructure extends JdStructureSource {
  constructor(@InjectMcpClient('jd-classifier') jd: McpClient<'jd-classifier'>, config: ConfigService<AppConfig>) {
    super(() => jd.call(jdClassifier.getStructure, {}), config.get('BOOKMARK_STRUCTURE_MAX_AGE_MS'));
  }
}

/** Bookmark classification and what it stands on: domain rules, the structure, content-classifier, the cache. */
@Module({
  providers: [
    {
      provide: DomainRules,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig>) => {
        const file = config.get('BOOKMARK_DOMAIN_RULES_PATH');
        const rules = domainRulesFrom({ useDefaults: config.get('BOOKMARK_DEFAULT_DOMAIN_RULES'), inline: config.get('BOOKMARK_DOMAIN_RULES'), file });
        logger.log({ msg: 'domain rules loaded', rules: rules.size, source: file?.path ?? (config.get('BOOKMARK_DOMAIN_RULES') ? 'BOOKMARK_DOMAIN_RULES' : 'built-in') });
        return rules;
      },
    },
    { provide: JdStructureSource, useClass: RemoteJdStructure },
    ContentClassifierClient,
    {
      provide: ClassificationCache,
      inject: [CACHE_REDIS_CLIENT, ConfigService],
      useFactory: (redis: Redis, config: ConfigService<AppConfig>) =>
        new ClassificationCache<BookmarkClassification>(redis, config.get('BOOKMARK_CLASSIFY_CACHE_TTL_MS'), {
          warn: (msg, fields) => logger.warn({ msg, ...fields }),
        }),
    },
    {
      provide: BookmarkClassifier,
      inject: [DomainRules, JdStructureSource, ContentClassifierClient, ClassificationCache, ConfigService],
      useFactory: (
        rules: DomainRules,
        structure: JdStructureSource,
        content: ContentClassifierClient,
        cache: ClassificationCache<BookmarkClassification>,
        config: ConfigService<AppConfig>,
      ) =>
        new BookmarkClassifier({
          rules,
          structure: () => structure.current(),
          content,
          cache,
          reviewThreshold: config.get('BOOKMARK_REVIEW_THRESHOLD'),
          log: { warn: (msg, fields) => logger.warn({ msg, ...fields }) },
        }),
    },
  ],
  exports: [BookmarkClassifier],
})
export class ClassificationModule {}
