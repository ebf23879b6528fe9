// Entry of the extraction worker threads (piscina runs its default export
// per task). Erasable TypeScript only: in tests Node loads it from src.
import type { ExtractionOutcome, ExtractionTask } from './extraction-types.ts';
import { extract } from './extractors.mts';

export default async function runExtraction(task: ExtractionTask): Promise<ExtractionOutcome> {
  return extract(task);
}
