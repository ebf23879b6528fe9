/** The model of a classification, shared by every provider. */

export const PROVIDER_NAMES = ['heuristic', 'ollama', 'openai'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** What is classified: the document's text and whatever came with it. */
export interface ClassifyInput {
  text: string;
  title?: string;
  /** The original file name, e.g. `2024-03_statement.pdf`. */
  fileName?: string;
  /** Where the document came from: `file`, `bookmark`, `confluence`, … */
  source?: string;
  /** Short strong signals: a bookmark folder, tags, a Confluence space name. */
  hints?: string[];
}

/** A node of the JD structure as results name it. */
export interface PlaceRef {
  id: string;
  name: string;
  /** Vault folder relative to the vault root. */
  path: string;
}

/** A place the document may belong: a category and, where one fits, an existing ID in it. */
export interface RankedPlace {
  category: PlaceRef;
  item?: PlaceRef;
  /** 0..1 */
  score: number;
}

/** What a provider decided, before the service applies the review threshold. */
export interface ProviderDecision {
  /** Undefined when nothing in the structure fits at all. */
  best?: RankedPlace;
  /** Other candidate categories, best first (never the best one again). */
  alternatives: RankedPlace[];
  /** 0..1: how sure the provider is about `best`'s category. */
  confidence: number;
  title: string;
  summary: string;
  tags: string[];
  provider: ProviderName;
  model: string;
}

/** Why an LLM's answer was not used and the heuristic decided instead. */
export type FallbackReason = 'timeout' | 'rate_limited' | 'unreachable' | 'http_error' | 'malformed_json' | 'invalid_answer' | 'unknown_category';

export interface Fallback {
  from: ProviderName;
  reason: FallbackReason;
  /** For people: what went wrong, without secrets. */
  detail: string;
}

/** The full answer of classify_content. */
export interface Classification extends ProviderDecision {
  needsReview: boolean;
  /** Where to file the document: the best ID or category, or the review inbox when a person should decide. */
  destination: PlaceRef;
  fallback?: Fallback;
  structureVersion: string;
}
