import { createRequire } from 'node:module';
import type * as Tinyld from 'tinyld/light';

/**
 * tinyld's light model (24 common languages, ~12 MB) is loaded on first use:
 * most pages declare their language, and the full model would cost ~55 MB per
 * thread for the rare one that does not.
 */
let detector: typeof Tinyld | undefined;
function detect(text: string): string {
  detector ??= createRequire(__filename)('tinyld/light') as typeof Tinyld;
  return detector.detect(text);
}

/** Below this much text a statistical guess is too unreliable to report. */
const MIN_DETECTION_CHARS = 80;
const SAMPLE_CHARS = 4_000;

/**
 * The content's language as an ISO 639-1/639-3 code (`en`, `de`, `fil`):
 * the page's own declaration (`<html lang>`, Content-Language) when there is
 * one, else a guess from the text, else undefined.
 */
export function contentLanguage(declared: string | undefined, text: string): string | undefined {
  const fromDeclaration = primarySubtag(declared);
  if (fromDeclaration) return fromDeclaration;
  if (text.length < MIN_DETECTION_CHARS) return undefined;
  return detect(text.slice(0, SAMPLE_CHARS)) || undefined;
}

/** `en-GB` → `en`; `x-default`, `und` and malformed tags → undefined. A header list (`de, en`) yields its first entry. */
export function primarySubtag(tag: string | undefined): string | undefined {
  const first = tag?.split(',')[0]?.trim().toLowerCase();
  const primary = first?.split(/[-_]/)[0];
  if (!primary || !/^[a-z]{2,3}$/.test(primary) || primary === 'und' || primary === 'mul' || primary === 'zxx') return undefined;
  return primary;
}
