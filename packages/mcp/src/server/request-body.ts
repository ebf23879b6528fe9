import type { IncomingMessage } from 'node:http';
import { JSONRPC_PARSE_ERROR, RequestRejection } from './request-rejection';

/** A request as Express hands it over: the body parsed if an app-level parser already read it. */
type MaybeParsedRequest = IncomingMessage & { body?: unknown };

function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mediaType = contentType.split(';', 1)[0].trim().toLowerCase();
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/** Reads the whole body into memory, up to `limit` bytes; past it, drains the rest and says so. */
function readBytes(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers['content-length']);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    // Over the limit we keep reading and discarding, as Express' body-parser does, so the
    // client finishes sending and then reads our 413 instead of seeing a reset connection.
    let tooLarge = declared > limit;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      received += chunk.length;
      if (received > limit) {
        tooLarge = true;
        chunks.length = 0;
      } else {
        chunks.push(chunk);
      }
    });
    req.once('end', () => resolve(tooLarge ? 'too_large' : Buffer.concat(chunks, received)));
    req.once('error', reject);
  });
}

export interface JsonBodyOptions {
  readonly limit: number;
  /** `/mcp` answers a malformed body with a JSON-RPC parse error. */
  readonly rpc: boolean;
}

/**
 * The request's JSON body, or `undefined` when there is none. Rejects with
 * 413 past `limit`, 415 for a body that is not declared as JSON, 400 for
 * malformed JSON.
 */
export async function readJsonBody(req: MaybeParsedRequest, options: JsonBodyOptions): Promise<unknown> {
  // An app-level parser registered after startup may have consumed the stream already.
  if (req.readableEnded) return req.body;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    req.resume();
    throw new RequestRejection({
      status: 415,
      code: 'unsupported_media_type',
      message: `content encoding "${encoding}" is not supported`,
    });
  }
  const bytes = await readBytes(req, options.limit);
  if (bytes === 'too_large') {
    throw new RequestRejection({
      status: 413,
      code: 'payload_too_large',
      message: `request body exceeds ${options.limit} bytes`,
    });
  }
  const declaredJson = isJsonMediaType(req.headers['content-type']);
  // On /mcp the MCP transport answers a wrong Content-Type itself (415, in its own words).
  if (options.rpc && !declaredJson) return undefined;
  if (bytes.length === 0) {
    if (!options.rpc) return undefined;
    throw parseError();
  }
  if (!declaredJson) {
    throw new RequestRejection({
      status: 415,
      code: 'unsupported_media_type',
      message: 'send the arguments as JSON with Content-Type: application/json',
    });
  }
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw parseError();
  }
}

function parseError(): RequestRejection {
  return new RequestRejection({
    status: 400,
    code: 'invalid_json',
    message: 'request body is not valid JSON',
    rpcCode: JSONRPC_PARSE_ERROR,
  });
}
