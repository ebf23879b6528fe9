import { detect } from 'chardet';
import iconv from 'iconv-lite';

export interface DecodedText {
  text: string;
  /** The encoding the bytes were read as, lower case (`utf-8`, `windows-1252`, `shift_jis`, …). */
  encoding: string;
}

// Labels that mean windows-1252 in practice (the WHATWG encoding standard maps them so too).
const WINDOWS_1252_ALIASES = new Set(['iso-8859-1', 'latin1', 'us-ascii', 'ascii', 'iso8859-1']);

/**
 * Text from bytes of unknown encoding: a byte order mark decides; else valid
 * UTF-8 is UTF-8; else the document's own declaration (`hint`, e.g. an HTML
 * meta charset); else chardet's statistical guess; else windows-1252, which
 * decodes any byte sequence.
 */
export function decodeText(data: Uint8Array, hint?: string): DecodedText {
  const bom = byteOrderMark(data);
  if (bom !== undefined) return { text: iconv.decode(Buffer.from(data.subarray(bom.length)), bom.encoding), encoding: bom.encoding };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(data), encoding: 'utf-8' };
  } catch {
    // not UTF-8: look further
  }
  for (const candidate of [hint, detect(data) ?? undefined]) {
    const encoding = normalise(candidate);
    if (encoding !== undefined && encoding !== 'utf-8' && iconv.encodingExists(encoding)) {
      return { text: iconv.decode(Buffer.from(data), encoding), encoding };
    }
  }
  return { text: iconv.decode(Buffer.from(data), 'windows-1252'), encoding: 'windows-1252' };
}

/** The charset an HTML or XML document declares in its first KiB, if any. */
export function declaredCharset(data: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(data.subarray(0, 1024));
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1] ?? /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head)?.[1];
}

function byteOrderMark(data: Uint8Array): { encoding: string; length: number } | undefined {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (data[0] === 0xff && data[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (data[0] === 0xfe && data[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

function normalise(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const lower = label.trim().toLowerCase();
  if (lower === 'utf8') return 'utf-8';
  return WINDOWS_1252_ALIASES.has(lower) ? 'windows-1252' : lower;
}
