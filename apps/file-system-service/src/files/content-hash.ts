import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

export function hashBytes(data: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Hashes a stream to its end without holding it, with the number of bytes seen; `onChunk` sees each chunk on the way. */
export async function hashStream(stream: Readable, signal?: AbortSignal, onChunk?: (chunk: Buffer) => void): Promise<{ hash: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of stream) {
      signal?.throwIfAborted();
      const bytes = chunk as Buffer;
      size += bytes.length;
      hash.update(bytes);
      onChunk?.(bytes);
    }
  } finally {
    stream.destroy();
  }
  return { hash: `sha256:${hash.digest('hex')}`, size };
}
