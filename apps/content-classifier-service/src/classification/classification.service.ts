import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@emm/config';
import { CACHE_REDIS_CLIENT } from '@emm/redis';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config';
import type { ChatModel } from '../llm/chat-model';
import { LlmClassifier } from '../llm/llm-classifier';
import { OllamaChatModel } from '../llm/ollama-chat-model';
import { OpenAiChatModel } from '../llm/openai-chat-model';
import { JD_STRUCTURE_SOURCE, type JdStructureSource } from '../structure/jd-structure-source';
import { ClassificationCache } from './classification-cache';
import { ClassificationMetrics } from './classification-metrics';
import type { ClassifyInput } from './classification';
import { Classifier, type ClassifyResult } from './classifier';

/** The language model LLM_PROVIDER names, or none for the heuristic. */
export function chatModelFromConfig(config: AppConfig): ChatModel | undefined {
  const timeoutMs = config.LLM_TIMEOUT_MS;
  switch (config.LLM_PROVIDER) {
    case 'heuristic':
      return undefined;
    case 'ollama':
      return new OllamaChatModel({ baseUrl: config.OLLAMA_URL, model: config.OLLAMA_MODEL ?? '', timeoutMs });
    case 'openai':
      return new OpenAiChatModel({
        baseUrl: config.OPENAI_BASE_URL,
        apiKey: config.OPENAI_API_KEY,
        model: config.OPENAI_MODEL ?? '',
        timeoutMs,
        responseFormat: config.OPENAI_RESPONSE_FORMAT,
      });
  }
}

/** The Classifier as the service runs it: provider, cache and threshold from the configuration. */
@Injectable()
export class ClassificationService implements OnApplicationShutdown {
  private readonly logger = new Logger(ClassificationService.name);
  private readonly classifier: Classifier;
  private readonly llm?: LlmClassifier;

  constructor(
    config: ConfigService<AppConfig>,
    @Inject(JD_STRUCTURE_SOURCE) structure: JdStructureSource,
    @Inject(CACHE_REDIS_CLIENT) cacheRedis: Redis,
  ) {
    const all = config.all();
    const metrics = new ClassificationMetrics();
    const model = chatModelFromConfig(all);
    this.llm =
      model === undefined
        ? undefined
        : new LlmClassifier(model, { maxInputTokens: all.LLM_MAX_INPUT_TOKENS, timeoutMs: all.LLM_TIMEOUT_MS, maxRetries: all.LLM_MAX_RETRIES }, metrics);
    const ttlSeconds = Math.floor(all.CLASSIFY_CACHE_TTL_MS / 1000);
    this.classifier = new Classifier({
      structure,
      llm: this.llm,
      cache:
        ttlSeconds > 0
          ? new ClassificationCache(cacheRedis, ttlSeconds, { warn: (msg) => this.logger.warn(msg), log: (msg) => this.logger.log(msg) }, all.CLASSIFY_CACHE_TIMEOUT_MS)
          : undefined,
      metrics,
      reviewThreshold: all.CLASSIFY_REVIEW_THRESHOLD,
      logger: { warn: (fields) => this.logger.warn(fields) },
    });
    this.logger.log({ msg: 'classifier ready', provider: this.classifier.provider, model: this.classifier.model, reviewThreshold: all.CLASSIFY_REVIEW_THRESHOLD });
  }

  classify(input: ClassifyInput, signal?: AbortSignal): Promise<ClassifyResult> {
    return this.classifier.classify(input, signal);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.llm?.close();
  }
}
