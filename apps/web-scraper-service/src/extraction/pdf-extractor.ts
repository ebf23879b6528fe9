import { Worker } from 'node:worker_threads';
import { FetchFailedError } from '../fetching/fetch-errors';
import type { ExtractedContent } from './html-extractor';
import { contentLanguage } from './language';
import { contentHash, wordCount } from './text-stats';

/**
 * PDF parsing runs in a worker thread: a hostile or huge PDF can then neither
 * block the event loop nor take the process's heap, and a time limit ends it.
 * (It also keeps pdf.js's dynamic imports out of whatever loaded this module.)
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PDFParse } = require(workerData.modulePath);
(async () => {
  const parser = new PDFParse({ data: workerData.data });
  try {
    const text = await parser.getText();
    const info = await parser.getInfo();
    parentPort.postMessage({ ok: true, pages: text.pages.map((page) => page.text), total: text.total, info: info.info || {} });
  } finally {
    await parser.destroy();
  }
})().catch((error) => parentPort.postMessage({ ok: false, message: String((error && error.message) || error) }));
`;

const PDF_PARSE_PATH = require.resolve('pdf-parse');
const WORKER_HEAP_MB = 256;

interface WorkerReply {
  ok: boolean;
  message?: string;
  pages?: string[];
  info?: Record<string, unknown>;
}

export async function extractPdf(data: Buffer, timeoutMs: number): Promise<ExtractedContent> {
  const reply = await runWorker(data, timeoutMs);
  const text = (reply.pages ?? [])
    .map((page) => page.replace(/[ \t]+\n/g, '\n').trim())
    .filter(Boolean)
    .join('\n\n');
  const info = reply.info ?? {};
  return {
    title: infoString(info.Title),
    author: infoString(info.Author),
    publishedAt: pdfDate(infoString(info.CreationDate)),
    language: contentLanguage(infoString(info.Language), text),
    markdown: text,
    text,
    wordCount: wordCount(text),
    contentHash: contentHash(text),
  };
}

function runWorker(data: Buffer, timeoutMs: number): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { modulePath: PDF_PARSE_PATH, data: new Uint8Array(data) },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      worker.removeAllListeners();
      void worker.terminate();
      settle();
    };
    const timer = setTimeout(
      () => finish(() => reject(new FetchFailedError('invalid_response', `url: reading the PDF's text took longer than ${timeoutMs} ms`))),
      timeoutMs,
    );
    worker.once('message', (reply: WorkerReply) =>
      finish(() => (reply.ok ? resolve(reply) : reject(new FetchFailedError('invalid_response', `url: the PDF could not be read: ${reply.message ?? 'unknown error'}`)))),
    );
    worker.once('error', (error) => finish(() => reject(new FetchFailedError('invalid_response', `url: the PDF could not be read: ${error.message}`))));
    worker.once('exit', (code) => finish(() => reject(new FetchFailedError('invalid_response', `url: the PDF reader stopped (exit code ${code})`))));
  });
}

function infoString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** PDF dates look like `D:20240131120000+01'00'`. */
export function pdfDate(value: string | undefined): string | undefined {
  const match = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(value ?? '');
  if (!match) return undefined;
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', zone] = match;
  const offset = !zone || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3).replace(/'/g, '') || '00'}`;
  const time = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
