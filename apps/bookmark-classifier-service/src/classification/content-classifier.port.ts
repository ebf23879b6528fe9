/** What bookmark classification asks of content classification. */
export interface ContentClassificationRequest {
  /** Page text, or — without one — the bookmark's title and URL words. */
  text: string;
  title?: string;
  /** Short deliberate words: the user's folder names and tags. */
  hints: string[];
  url: string;
}

export interface ContentPlacement {
  categoryId: string;
  itemId?: string;
}

export interface ContentClassification {
  /** Undefined when nothing in the structure fits the text. */
  best?: ContentPlacement & {
    /** 0..1: how sure the classifier is about this category. */
    confidence: number;
  };
  /** Other candidate categories, best first, with the classifier's own 0..1 score. */
  alternatives: Array<ContentPlacement & { score: number }>;
  title?: string;
  summary?: string;
  tags: string[];
  /** Which classifier answered (heuristic, ollama, openai, …). */
  provider: string;
  /** The provider's model (the heuristic names its version). */
  model: string;
  needsReview: boolean;
}

/**
 * Classifies text against the JD structure. In service this is
 * content-classifier-service, called through the MCP client
 * (ContentClassifierClient); the bookmark logic only depends on this shape.
 */
export interface ContentClassifier {
  classify(request: ContentClassificationRequest, signal?: AbortSignal): Promise<ContentClassification>;
}
