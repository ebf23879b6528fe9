import { createHash } from 'node:crypto';

/** Scripts written without spaces between words: each character counts as a word, as word processors count them. */
const LOGOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

export function wordCount(text: string): number {
  const logographic = text.match(LOGOGRAPHIC)?.length ?? 0;
  const words = text.replace(LOGOGRAPHIC, ' ').match(WORD)?.length ?? 0;
  return logographic + words;
}

/**
 * sha256 (hex) of the extracted text. The text is rendered from the content
 * alone (markup and whitespace normalised), so the same article gives the same
 * hash even when the page layout around it changes.
 */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function bytesHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
