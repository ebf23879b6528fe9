import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, type Dispatcher } from 'undici';
import { guardedConnector } from '../safety/guarded-connector';
import type { TargetGuard } from '../safety/target-guard';
import { BlockedByPolicyError, FetchFailedError } from './fetch-errors';
import type { FetchObserver, FetchPurpose } from './fetch-observer';

export interface FetcherSettings {
  userAgent: string;
  maxRedirects: number;
  /** From sending the request (connect included) to the last response header. */
  headerTimeoutMs: number;
  /** From the headers to the last body byte: a server that drips bytes forever still ends here. */
  bodyTimeoutMs: number;
}

/** Called before every request (the first and each redirect hop); resolves to the function that ends the request's turn. */
export type RequestGate = (url: URL, signal: AbortSignal) => Promise<() => void>;

export interface FetchOptions {
  purpose: FetchPurpose;
  /** Largest body accepted, after decompression. */
  maxBytes: number;
  accept: string;
  /** Whether to read the body of a response with this media type (lower case, no parameters). */
  readBody: (mediaType: string | undefined) => boolean;
  signal?: AbortSignal;
  gate?: RequestGate;
  /**
   * Leave errors as they are, neither prefixed with the URL nor counted: for
   * robots.txt, whose failures surface as the failure of the page asked for.
   */
  rawErrors?: boolean;
}

export interface FetchedResponse {
  /** After redirects, without credentials or fragment. */
  finalUrl: URL;
  status: number;
  headers: Record<string, string>;
  /** Media type of Content-Type in lower case, e.g. `text/html`; undefined when the server sent none. */
  mediaType?: string;
  charset?: string;
  /** Decoded body; undefined when the media type was not one to read. */
  body?: Buffer;
  /** Bytes received on the wire for the final response body. */
  wireBytes: number;
  /** Every URL redirected to, in order. */
  redirects: string[];
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that carry the caller's identity: never sent to an origin other than the one they were meant for. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
const TLS_CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

/**
 * HTTP GET for user-supplied URLs: every URL (first and each redirect hop) is
 * checked by the TargetGuard before anything is sent, connections go only to
 * addresses the guard approved, redirects are followed by hand up to a cap,
 * credentials stay with their origin, and headers, body time and body size
 * are all bounded.
 */
export class SafeFetcher {
  private readonly agent: Agent;

  constructor(
    private readonly guard: TargetGuard,
    private readonly settings: FetcherSettings,
    private readonly observer: FetchObserver,
  ) {
    this.agent = new Agent({
      connect: guardedConnector(guard, settings.headerTimeoutMs),
      // Backstops; the timers below give the precise, user-facing errors first.
      headersTimeout: settings.headerTimeoutMs + 1_000,
      bodyTimeout: settings.bodyTimeoutMs + 1_000,
      keepAliveTimeout: 4_000,
    });
  }

  async fetch(input: URL, options: FetchOptions): Promise<FetchedResponse> {
    let url = withoutCredentials(input);
    const headers: Record<string, string> = {
      'user-agent': this.settings.userAgent,
      accept: options.accept,
      'accept-encoding': 'gzip, deflate, br',
    };
    if (input.username || input.password) {
      const user = safeDecode(input.username);
      const password = safeDecode(input.password);
      headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    }
    const redirects: string[] = [];
    for (;;) {
      const hop = redirects.length;
      const describeHop = (message: string) => (hop === 0 ? `url: ${message}` : `url: redirect ${hop} to ${url.href} refused: ${message}`);
      const fail = (error: unknown) =>
        options.rawErrors ? (error instanceof BlockedByPolicyError ? new BlockedByPolicyError(error.reason, error.message, hop) : error) : this.withContext(error, describeHop, hop);
      try {
        this.guard.checkUrl(url);
      } catch (error) {
        throw fail(error);
      }
      let exchange: Exchange;
      let release: (() => void) | undefined;
      try {
        release = options.gate ? await options.gate(url, options.signal ?? new AbortController().signal) : undefined;
        exchange = await this.exchange(url, headers, options);
      } catch (error) {
        throw fail(error);
      } finally {
        release?.();
      }
      if (!exchange.location) return { ...exchange.response, finalUrl: url, redirects };
      if (hop >= this.settings.maxRedirects) {
        const message = `more than ${this.settings.maxRedirects} redirects (the last one went to ${exchange.location.href})`;
        if (options.rawErrors) throw new BlockedByPolicyError('redirect_limit', message, hop + 1);
        this.observer.blocked('redirect_limit');
        const error = new BlockedByPolicyError('redirect_limit', `url: ${message}`, hop + 1);
        error.described = true;
        throw error;
      }
      if (exchange.location.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
      url = exchange.location;
      redirects.push(url.href);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** One request and its response; `location` is set when the response is a redirect to follow. */
  private async exchange(url: URL, headers: Record<string, string>, options: FetchOptions): Promise<Exchange> {
    const started = performance.now();
    const controller = new AbortController();
    const abortFromCaller = () => controller.abort(new FetchFailedError('unavailable', 'the call was cancelled'));
    options.signal?.addEventListener('abort', abortFromCaller, { once: true });
    if (options.signal?.aborted) abortFromCaller();
    const headerTimer = setTimeout(
      () => controller.abort(new FetchFailedError('unavailable', `no response headers from ${url.host} within ${this.settings.headerTimeoutMs} ms`)),
      this.settings.headerTimeoutMs,
    );
    let wireBytes = 0;
    try {
      let response: Dispatcher.ResponseData;
      try {
        response = await this.agent.request({ origin: url.origin, path: url.pathname + url.search, method: 'GET', headers, signal: controller.signal });
      } finally {
        clearTimeout(headerTimer);
      }
      const responseHeaders = flattenHeaders(response.headers);
      const location = REDIRECT_STATUSES.has(response.statusCode) ? redirectTarget(responseHeaders.location, url) : undefined;
      const { mediaType, charset } = parseContentType(responseHeaders['content-type']);
      const readBody = !location && response.statusCode !== 204 && response.statusCode !== 304 && options.readBody(mediaType);
      let body: Buffer | undefined;
      if (readBody) {
        const read = await this.readBody(response.body, responseHeaders, url, options, controller);
        body = read.body;
        wireBytes = read.wireBytes;
      } else {
        response.body.on('data', (chunk: Buffer) => (wireBytes += chunk.length));
        // A redirect's body, or one we do not want: read a little so the connection can be reused, then drop it.
        await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      }
      this.observer.exchange(options.purpose, statusClass(response.statusCode), wireBytes, (performance.now() - started) / 1000);
      return { location, response: { status: response.statusCode, headers: responseHeaders, mediaType, charset, body, wireBytes } };
    } catch (error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      if (!(reason instanceof BlockedByPolicyError)) this.observer.exchange(options.purpose, 'error', wireBytes, (performance.now() - started) / 1000);
      throw reason;
    } finally {
      options.signal?.removeEventListener('abort', abortFromCaller);
    }
  }

  private async readBody(
    raw: Readable,
    headers: Record<string, string>,
    url: URL,
    options: FetchOptions,
    controller: AbortController,
  ): Promise<{ body: Buffer; wireBytes: number }> {
    const limit = options.maxBytes;
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      raw.destroy();
      throw new BlockedByPolicyError('too_large', `the response is ${declared} bytes, more than the ${limit}-byte limit (SCRAPER_MAX_BYTES)`);
    }
    let wireBytes = 0;
    raw.on('data', (chunk: Buffer) => (wireBytes += chunk.length));
    const decoded = decodeContent(raw, headers['content-encoding']);
    const bodyTimer = setTimeout(
      () => controller.abort(new FetchFailedError('unavailable', `the body from ${url.host} did not arrive within ${this.settings.bodyTimeoutMs} ms`)),
      this.settings.bodyTimeoutMs,
    );
    const stopOnAbort = () => decoded.destroy(controller.signal.reason as Error);
    controller.signal.addEventListener('abort', stopOnAbort, { once: true });
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of decoded as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limit) {
          throw new BlockedByPolicyError('too_large', `the response body is larger than the ${limit}-byte limit (SCRAPER_MAX_BYTES)`);
        }
        chunks.push(chunk);
      }
    } catch (error) {
      raw.destroy();
      decoded.destroy();
      if (error instanceof BlockedByPolicyError || error instanceof FetchFailedError || controller.signal.aborted) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code.startsWith('Z_') || code.startsWith('ERR__')) {
        throw new FetchFailedError('invalid_response', `the body from ${url.host} could not be decompressed (${headers['content-encoding']}: ${code})`);
      }
      throw new FetchFailedError('unavailable', `the body from ${url.host} broke off: ${describeNetworkError(error)}`);
    } finally {
      clearTimeout(bodyTimer);
      controller.signal.removeEventListener('abort', stopOnAbort);
    }
    return { body: Buffer.concat(chunks, size), wireBytes };
  }

  /** Adds which URL it was to a guard or network error, and counts refusals. */
  private withContext(error: unknown, describe: (message: string) => string, hop: number): Error {
    if ((error instanceof BlockedByPolicyError || error instanceof FetchFailedError) && error.described) return error;
    let described: BlockedByPolicyError | FetchFailedError;
    if (error instanceof BlockedByPolicyError) {
      this.observer.blocked(error.reason);
      described = new BlockedByPolicyError(error.reason, describe(error.message), hop);
    } else if (error instanceof FetchFailedError) {
      described = new FetchFailedError(error.kind, describe(error.message));
    } else {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (TLS_CERTIFICATE_CODES.test(code)) described = new FetchFailedError('invalid_response', describe(`the TLS certificate was not accepted (${code})`));
      else if (code.startsWith('HPE_')) described = new FetchFailedError('invalid_response', describe(`the server sent malformed HTTP (${code})`));
      else described = new FetchFailedError(code === 'ECONNREFUSED' ? 'refused' : 'unavailable', describe(describeNetworkError(error)));
    }
    described.described = true;
    return described;
  }
}

interface Exchange {
  location?: URL;
  response: Omit<FetchedResponse, 'finalUrl' | 'redirects'>;
}

function describeNetworkError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the server closed the connection';
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'the connection timed out';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'no response headers in time';
    case 'UND_ERR_BODY_TIMEOUT':
      return 'the body stalled';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the host is unreachable';
    default:
      return code ? `network error (${code})` : 'network error';
  }
}

/** Percent-decoding that keeps malformed input as it is instead of throwing. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function withoutCredentials(url: URL): URL {
  const clean = new URL(url.href);
  clean.username = '';
  clean.password = '';
  clean.hash = '';
  return clean;
}

function redirectTarget(location: string | undefined, base: URL): URL | undefined {
  if (!location) return undefined;
  if (!URL.canParse(location, base.href)) throw new FetchFailedError('invalid_response', `the server redirected to an invalid Location: ${location.slice(0, 200)}`);
  // Userinfo in a Location header is not followed: credentials only ever come from the caller.
  return withoutCredentials(new URL(location, base));
}

function decodeContent(raw: Readable, encoding: string | undefined): Readable {
  const coding = (encoding ?? '').trim().toLowerCase();
  const decoder =
    coding === 'gzip' || coding === 'x-gzip'
      ? createGunzip()
      : coding === 'deflate'
        ? createInflate()
        : coding === 'br'
          ? createBrotliDecompress()
          : coding === '' || coding === 'identity'
            ? undefined
            : null;
  if (decoder === undefined) return raw;
  if (decoder === null) {
    raw.destroy();
    throw new FetchFailedError('invalid_response', `the body uses an unsupported content encoding "${coding.slice(0, 40)}"`);
  }
  return pipeline(raw, decoder, () => undefined);
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

export function parseContentType(header: string | undefined): { mediaType?: string; charset?: string } {
  if (!header) return {};
  const [type, ...params] = header.split(';');
  const mediaType = type.trim().toLowerCase() || undefined;
  const charsetParam = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('charset='));
  const charset = charsetParam?.slice('charset='.length).trim().replace(/^"|"$/g, '').toLowerCase() || undefined;
  return { mediaType, charset };
}

function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
