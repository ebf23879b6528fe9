import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunDetail } from '@emm/agent-runtime';
import { parse as parseYaml } from 'yaml';
import { DEMO_DIR } from './demo-stack';
import { readNote } from './vault';

// examples/demo/expected.yaml records, per sample, the intent (`expect`) and
// what the classifier answered at the last check (`classifier`). A run
// produces the classifier's answer, so that is what is compared here; where
// it differs from the intent, expected.yaml says why.

interface ExpectedFile {
  files: Array<{ path: string; expect: string; classifier: string }>;
  bookmarks: Array<{ path: string; expect: string; classifier: string }>;
  pages: Array<{ id: string; title: string; expect: string; classifier: string }>;
}

export function readExpectedSamples(): ExpectedFile {
  return parseYaml(readFileSync(join(DEMO_DIR, 'expected.yaml'), 'utf8')) as ExpectedFile;
}

/**
 * One line per sample: `<source> → <where> (<confidence>[, by <evidence>][, suggested <id>])`,
 * `→ failed: <why>` or `→ invalid: <why>`, in expected.yaml's words.
 */
export type Landing = string;

/** expected.yaml's `classifier` answer, normalised: `11.01 (0.90)` → `11.01 (0.9)`. */
export function expectedLanding(classifier: string, options: { withSuggestion: boolean }): Landing {
  const match = /^(\S+) \((.*)\)$/.exec(classifier.trim());
  if (match === null) throw new Error(`expected.yaml: cannot read the classifier answer "${classifier}"`);
  const [, place, inner] = match;
  if (place === 'failed' || place === 'invalid') return `${place}: ${inner}`;
  const parts = inner.split(', ');
  const confidence = Number(parts[0]);
  const evidence = parts.find((part) => part.startsWith('by '));
  const suggested = parts.find((part) => part.startsWith('suggested '));
  return landing(place, confidence, evidence?.slice(3), options.withSuggestion ? suggested?.slice(10) : undefined);
}

/** Where a run item ended, read from its note's front matter (or its error). */
export function actualLanding(vaultDir: string, item: RunDetail['items'][number], options: { withSuggestion: boolean }): Landing {
  if (item.status === 'failed') {
    const error = item.error ?? '';
    if (error.startsWith('invalid bookmark')) return `invalid: ${error.replace(/^invalid bookmark at line \d+: /, '')}`;
    const status = /HTTP (\d{3})/.exec(error);
    return `failed: ${status?.[1] ?? error}`;
  }
  if (item.notePath === undefined) return `${item.status} without a note`;
  const { frontMatter } = readNote(vaultDir, item.notePath);
  const classifier = frontMatter.classifier as { decided_by?: string } | undefined;
  // file-system-agent nests the best guess, bookmark-scraper keeps it flat.
  const suggested = (frontMatter.suggested as { jd_id?: string } | undefined)?.jd_id ?? (frontMatter.suggested_jd_id as string | undefined);
  const place = frontMatter.needs_review === true ? 'review' : String(frontMatter.jd_id);
  return landing(place, Number(frontMatter.confidence), classifier?.decided_by, options.withSuggestion ? suggested : undefined);
}

function landing(place: string, confidence: number, evidence: string | undefined, suggested: string | undefined): Landing {
  return `${place} (${[String(confidence), evidence && `by ${evidence}`, suggested && `suggested ${suggested}`].filter(Boolean).join(', ')})`;
}
