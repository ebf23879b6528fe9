import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SAMPLES_DIR = join(__dirname, '../fixtures/samples');
export const EXAMPLE_JD = join(__dirname, '../../../../examples/jd.yaml');

/** One labelled document of the sample set (test/fixtures/samples/manifest.json). */
export interface Sample {
  file: string;
  kind: string;
  text: string;
  title?: string;
  fileName?: string;
  source?: string;
  hints?: string[];
  /** Undefined for documents a person should decide on (`expectReview`). */
  expectedCategory?: string;
  expectedId?: string;
  expectReview?: boolean;
}

type ManifestEntry = Omit<Sample, 'text'>;

export function loadSamples(): Sample[] {
  const manifest = JSON.parse(readFileSync(join(SAMPLES_DIR, 'manifest.json'), 'utf8')) as { samples: ManifestEntry[] };
  return manifest.samples.map((entry) => ({ ...entry, text: readFileSync(join(SAMPLES_DIR, entry.file), 'utf8') }));
}
