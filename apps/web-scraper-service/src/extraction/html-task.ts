import { decodeBody } from './charset';
import { type ExtractedContent, extractHtml } from './html-extractor';

/** One HTML page to extract: plain data, so it can cross to a worker thread. */
export interface HtmlTask {
  body: Uint8Array;
  /** The Content-Type charset, if the server sent one. */
  charset?: string;
  /** The page's final URL: base for relative links. */
  url: string;
  /** The Content-Language header, if any. */
  contentLanguage?: string;
}

export function runHtmlTask(task: HtmlTask): ExtractedContent {
  const body = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength);
  return extractHtml(decodeBody(body, task.charset, true), new URL(task.url), task.contentLanguage);
}
