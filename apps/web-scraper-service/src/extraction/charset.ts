import { TextDecoder } from 'node:util';

/** How far into an HTML document a `<meta charset>` may be (the HTML spec's prescan looks at 1024 bytes). */
const PRESCAN_BYTES = 1024;
const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i;

/**
 * Bytes → text, the way browsers pick the encoding: a byte-order mark wins,
 * then the Content-Type charset, then (for HTML) a `<meta charset>` near the
 * top, then UTF-8. Unknown labels fall back to UTF-8; bad bytes become U+FFFD.
 */
export function decodeBody(body: Buffer, headerCharset: string | undefined, isHtml: boolean): string {
  const label = bomEncoding(body) ?? headerCharset ?? (isHtml ? metaCharset(body) : undefined) ?? 'utf-8';
  return decoderFor(label).decode(body);
}

function bomEncoding(body: Buffer): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function metaCharset(body: Buffer): string | undefined {
  return META_CHARSET.exec(body.subarray(0, PRESCAN_BYTES).toString('latin1'))?.[1];
}

function decoderFor(label: string): TextDecoder {
  try {
    // A page claiming UTF-16 in a meta tag cannot be, since the tag itself was readable as ASCII (HTML spec).
    return new TextDecoder(/^utf-16/i.test(label) ? 'utf-8' : label);
  } catch {
    return new TextDecoder('utf-8');
  }
}
