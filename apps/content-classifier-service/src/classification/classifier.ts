import { classifyHeuristically, HEURISTIC_MODEL, placeOf } from '../heuristic/heuristic-classifier';
import type { LlmClassifier } from '../llm/llm-classifier';
import type { JdStructureSnapshot, JdStructureSource } from '../structure/jd-structure-source';
import type { ClassificationCache } from './classification-cache';
import type { ClassificationMetrics } from './classification-metrics';
import type { Classification, ClassifyInput, Fallback, ProviderDecision, ProviderName } from './classification';

export interface ClassifierLog {
  warn(fields: Record<string, unknown>): void;
}

export interface ClassifierOptions {
  structure: JdStructureSource;
  /** The configured language model; without one the heuristic decides. */
  llm?: LlmClassifier;
  /** Without one every request is classified afresh. */
  cache?: ClassificationCache;
  metrics: ClassificationMetrics;
  /** Below this confidence a document goes to the review inbox (needsReview). */
  reviewThreshold: number;
  logger: ClassifierLog;
}

export interface ClassifyResult extends Classification {
  /** true when an identical request was answered from the cache. */
  cached: boolean;
}

/**
 * Classifies a document against the JD structure in service: from the cache
 * when identical content was classified before, else by the configured
 * provider — the language model when there is one, with the heuristic taking
 * over (reason recorded) when its answer cannot be used. A result below the
 * review threshold is routed to the review inbox instead of a guessed place.
 */
export class Classifier {
  readonly provider: ProviderName;
  readonly model: string;
  /** Identical requests arriving together share one classification. */
  private readonly inFlight = new Map<string, Promise<Classification>>();

  constructor(private readonly options: ClassifierOptions) {
    this.provider = options.llm?.provider ?? 'heuristic';
    this.model = options.llm?.modelName ?? HEURISTIC_MODEL;
  }

  async classify(input: ClassifyInput, signal?: AbortSignal): Promise<ClassifyResult> {
    const snapshot = await this.options.structure.getStructure(signal);
    const { cache } = this.options;
    const key = cache?.key({ provider: this.provider, model: this.model, structureVersion: snapshot.version }, input);
    if (cache !== undefined && key !== undefined) {
      const hit = await cache.get(key);
      if (hit !== undefined) {
        this.options.metrics.classified(hit.provider, hit.confidence, hit.needsReview, true);
        return { ...hit, cached: true };
      }
    }
    if (key === undefined) return { ...(await this.decide(snapshot, input)), cached: false };

    let pending = this.inFlight.get(key);
    if (pending === undefined) {
      pending = this.decide(snapshot, input).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
      const classification = await pending;
      // Written in the background: the answer does not wait for a slow cache. A
      // fallback is not cached: the model gets its chance again next time.
      if (classification.fallback === undefined) void cache?.set(key, classification);
      return { ...classification, cached: false };
    }
    return { ...(await pending), cached: false };
  }

  /**
   * The work itself. Not tied to one caller's signal: a caller that goes
   * away does not cancel a classification others share or the cache keeps.
   */
  private async decide(snapshot: JdStructureSnapshot, input: ClassifyInput): Promise<Classification> {
    const { llm, metrics } = this.options;
    let decision: ProviderDecision;
    let fallback: Fallback | undefined;
    if (llm === undefined) {
      decision = classifyHeuristically(snapshot.index, input);
    } else {
      const outcome = await llm.classify(snapshot.index, input);
      if (outcome.ok) {
        const { verdict } = outcome;
        // Extractive title/summary/tags fill in what the model left out.
        const extracted = verdict.title && verdict.summary && verdict.tags.length > 0 ? undefined : classifyHeuristically(snapshot.index, input);
        decision = {
          best: verdict.best,
          alternatives: verdict.alternatives,
          confidence: verdict.confidence,
          title: verdict.title ?? extracted?.title ?? 'Untitled',
          summary: verdict.summary ?? extracted?.summary ?? '',
          tags: verdict.tags.length > 0 ? verdict.tags : (extracted?.tags ?? []),
          provider: llm.provider,
          model: llm.modelName,
        };
      } else {
        fallback = outcome.fallback;
        metrics.fallback(fallback.from, fallback.reason);
        this.options.logger.warn({ msg: 'LLM answer not used; the heuristic decided', provider: fallback.from, model: llm.modelName, reason: fallback.reason, detail: fallback.detail });
        decision = classifyHeuristically(snapshot.index, input);
      }
    }
    const classification = this.finish(snapshot, decision, fallback);
    metrics.classified(classification.provider, classification.confidence, classification.needsReview, false);
    return classification;
  }

  private finish(snapshot: JdStructureSnapshot, decision: ProviderDecision, fallback: Fallback | undefined): Classification {
    const needsReview = decision.best === undefined || decision.confidence < this.options.reviewThreshold;
    const destination =
      needsReview || decision.best === undefined
        ? placeOf(snapshot.index, snapshot.index.reviewInbox.node.id)
        : (decision.best.item ?? decision.best.category);
    return { ...decision, needsReview, destination, structureVersion: snapshot.version, ...(fallback !== undefined && { fallback }) };
  }
}
