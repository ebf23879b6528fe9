import type { ExtractableKind } from './file-kind';

// Shared by the service and its extraction workers (which load them as an ES module).

export type MetadataValue = string | number | boolean | null;

/** Why an extraction failed, as a bounded metric label. */
export type ExtractionFailure = 'corrupt' | 'encrypted' | 'timeout' | 'out_of_memory' | 'crashed';

export const EXTRACTION_FAILURES: readonly ExtractionFailure[] = ['corrupt', 'encrypted', 'timeout', 'out_of_memory', 'crashed'];

export interface ExtractionTask {
  kind: ExtractableKind;
  /** File name, for messages only. */
  name: string;
  data: Uint8Array;
}

export type ExtractionOutcome =
  | {
      status: 'ok';
      text: string;
      /** The encoding text was decoded from (text-based kinds). */
      encoding?: string;
      frontMatter?: Record<string, unknown>;
      metadata: Record<string, MetadataValue>;
    }
  | { status: 'failed'; failure: ExtractionFailure; reason: string; metadata: Record<string, MetadataValue> };
