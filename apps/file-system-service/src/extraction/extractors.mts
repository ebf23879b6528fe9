/**
 * Text and metadata from each kind of file. Runs inside the extraction
 * worker (see extraction.worker.mts): these parsers read untrusted bytes, so a
 * hang or a blown heap stops a worker, not the service. Every failure of a
 * file is a result (`status: 'failed'` with a reason), never a throw.
 * An ES module (pdf.js is one): erasable TypeScript only, relative
 * imports with their extension, so Node can load it directly in tests.
 */
import readability from '@mozilla/readability';
import { parse as parseCsv } from 'csv-parse/sync';
import JSZip from 'jszip';
import { parseHTML } from 'linkedom';
import mammoth from 'mammoth';
import { PDFParse } from 'pdf-parse';
import { declaredCharset, decodeText } from './decode-text.ts';
import { domToText } from './dom-text.mts';
import type { ExtractionOutcome, ExtractionTask, MetadataValue } from './extraction-types.ts';
import { splitFrontMatter } from './front-matter.ts';

export async function extract(task: ExtractionTask): Promise<ExtractionOutcome> {
  try {
    return await extractKind(task);
  } catch (error) {
    // The parsers' own failures on bytes they did not expect; the file is the problem, not the service.
    return { status: 'failed', failure: 'corrupt', reason: `could not read ${task.name} as ${task.kind}: ${error instanceof Error ? error.message : String(error)}`, metadata: {} };
  }
}

async function extractKind(task: ExtractionTask): Promise<ExtractionOutcome> {
  switch (task.kind) {
    case 'pdf':
      return extractPdf(task.data);
    case 'docx':
      return extractDocx(task.data);
    case 'html':
      return extractHtml(task.data);
    case 'markdown':
      return extractMarkdown(task.data);
    case 'json':
      return extractJson(task.data);
    case 'csv':
      return extractCsv(task.data);
    case 'text':
      return extractPlainText(task.data);
  }
}

function extractPlainText(data: Uint8Array): ExtractionOutcome {
  const { text, encoding } = decodeText(data);
  return { status: 'ok', text, encoding, metadata: { lines: countLines(text) } };
}

function extractMarkdown(data: Uint8Array): ExtractionOutcome {
  const { text, encoding } = decodeText(data);
  const note = splitFrontMatter(text);
  const title = stringValue(note.frontMatter?.title) ?? /^#\s+(.+?)\s*#*\s*$/m.exec(note.body)?.[1] ?? null;
  const metadata: Record<string, MetadataValue> = { title, lines: countLines(note.body) };
  if (note.error !== undefined) metadata.frontMatterError = note.error;
  return { status: 'ok', text: note.body, encoding, frontMatter: note.frontMatter, metadata };
}

function extractJson(data: Uint8Array): ExtractionOutcome {
  const { text, encoding } = decodeText(data);
  const metadata: Record<string, MetadataValue> = {};
  try {
    const value: unknown = JSON.parse(text);
    metadata.valid = true;
    metadata.topLevel = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    if (Array.isArray(value)) metadata.items = value.length;
    else if (typeof value === 'object' && value !== null) metadata.keys = Object.keys(value).length;
  } catch (error) {
    // Still text worth classifying; the metadata says it is not valid JSON.
    metadata.valid = false;
    metadata.error = error instanceof Error ? error.message : String(error);
  }
  return { status: 'ok', text, encoding, metadata };
}

function extractCsv(data: Uint8Array): ExtractionOutcome {
  const { text, encoding } = decodeText(data);
  const delimiter = guessDelimiter(text);
  const metadata: Record<string, MetadataValue> = { delimiter };
  try {
    const rows: string[][] = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true });
    metadata.valid = true;
    metadata.rows = rows.length;
    metadata.columns = rows[0]?.length ?? 0;
    metadata.header = rows[0]?.join(' | ') ?? null;
  } catch (error) {
    metadata.valid = false;
    metadata.error = error instanceof Error ? error.message : String(error);
  }
  return { status: 'ok', text, encoding, metadata };
}

/** Beyond this many elements Readability (quadratic on big pages) is skipped for the plain chrome-stripping fallback. */
const READABILITY_MAX_ELEMENTS = 2_000;

function extractHtml(data: Uint8Array): ExtractionOutcome {
  const { text: html, encoding } = decodeText(data, declaredCharset(data));
  const { document } = parseHTML(html);
  const pageTitle = document.querySelector('title')?.textContent?.trim() || null;
  const lang = document.documentElement?.getAttribute('lang') || null;
  const elements = document.getElementsByTagName('*').length;
  // Readability edits the document it reads; the fallback below needs the original.
  const article =
    elements <= READABILITY_MAX_ELEMENTS
      ? new readability.Readability<string>(parseHTML(html).document as never, { charThreshold: 200, serializer: (node) => domToText(node) }).parse()
      : null;
  const metadata: Record<string, MetadataValue> = { title: article?.title?.trim() || pageTitle, lang: article?.lang || lang };
  if (article?.byline) metadata.byline = article.byline;
  if (article?.siteName) metadata.siteName = article.siteName;
  if (article?.excerpt) metadata.excerpt = article.excerpt;
  let text: string;
  if (article?.content) {
    metadata.readable = true;
    text = article.content;
  } else {
    // Not article-shaped (a form, an index page) or too big to judge: the page without its chrome.
    metadata.readable = false;
    for (const node of document.querySelectorAll('nav, header, footer, aside, form')) node.remove();
    text = domToText(document.body ?? document);
  }
  return { status: 'ok', text, encoding, metadata };
}

async function extractPdf(data: Uint8Array): Promise<ExtractionOutcome> {
  const parser = new PDFParse({ data, verbosity: 0 });
  try {
    const info = await parser.getInfo();
    const result = await parser.getText({ pageJoiner: '' });
    const fields = (info.info ?? {}) as Record<string, unknown>;
    return {
      status: 'ok',
      text: result.pages.map((page) => page.text.trim()).join('\n\n'),
      metadata: {
        pages: result.total,
        title: stringValue(fields.Title) ?? null,
        author: stringValue(fields.Author) ?? null,
        subject: stringValue(fields.Subject) ?? null,
        keywords: stringValue(fields.Keywords) ?? null,
        producer: stringValue(fields.Producer) ?? null,
        created: pdfDate(fields.CreationDate),
        modified: pdfDate(fields.ModDate),
      },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/password/i.test(message) || (error as { name?: string }).name === 'PasswordException') {
      return { status: 'failed', failure: 'encrypted', reason: 'the PDF is password-protected', metadata: {} };
    }
    return { status: 'failed', failure: 'corrupt', reason: `not a readable PDF: ${message}`, metadata: {} };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

async function extractDocx(data: Uint8Array): Promise<ExtractionOutcome> {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch (error) {
    return { status: 'failed', failure: 'corrupt', reason: `not a readable DOCX: ${error instanceof Error ? error.message : String(error)}`, metadata: {} };
  }
  if (zip.file('word/document.xml') === null) {
    return { status: 'failed', failure: 'corrupt', reason: 'not a readable DOCX: word/document.xml is missing', metadata: {} };
  }
  try {
    const { value: html, messages } = await mammoth.convertToHtml({ buffer });
    const core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
    const text = domToText(parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`).document.body);
    return {
      status: 'ok',
      text,
      metadata: {
        title: xmlField(core, 'dc:title') ?? /^#+\s+(.+)$/m.exec(text)?.[1] ?? null,
        author: xmlField(core, 'dc:creator') ?? null,
        subject: xmlField(core, 'dc:subject') ?? null,
        keywords: xmlField(core, 'cp:keywords') ?? null,
        created: xmlField(core, 'dcterms:created') ?? null,
        modified: xmlField(core, 'dcterms:modified') ?? null,
        warnings: messages.length,
      },
    };
  } catch (error) {
    return { status: 'failed', failure: 'corrupt', reason: `not a readable DOCX: ${error instanceof Error ? error.message : String(error)}`, metadata: {} };
  }
}

function guessDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const firstLine = (end < 0 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t', '|'].map((delimiter) => ({ delimiter, count: firstLine.split(delimiter).length - 1 }));
  counts.sort((a, b) => b.count - a.count);
  return counts[0].count > 0 ? counts[0].delimiter : ',';
}

function countLines(text: string): number {
  if (text === '') return 0;
  return (text.match(/\n/g)?.length ?? 0) + (text.endsWith('\n') ? 0 : 1);
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `D:20260301120000+01'00'` → `2026-03-01T12:00:00+01:00`. */
function pdfDate(value: unknown): string | null {
  const match = typeof value === 'string' ? /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(value) : null;
  if (match === null) return null;
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', zone] = match;
  const offset = zone === undefined || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3).replace(/'/g, '').padEnd(2, '0')}`;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`;
}

function xmlField(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`).exec(xml);
  return match ? stringValue(decodeXmlEntities(match[1])) : undefined;
}

function decodeXmlEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
