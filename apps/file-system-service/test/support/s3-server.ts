import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { s3ClientConfig } from '../../src/storage/s3-storage';

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** Write requests that carried `If-None-Match: *`, as `METHOD key`. */
  conditionalRequests: string[];
  /** An SDK client for this server, configured like the service's. */
  client(): S3Client;
  stop(): Promise<void>;
}

export const S3_TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * A real S3-compatible server (s3rver) on a free loopback port with a fresh
 * bucket. Two fixes make it list like AWS S3: keys in UTF-8 byte order
 * (s3rver walks folders), and common prefixes for keys more than one level
 * below the prefix (s3rver misses those). s3rver ignores conditional writes;
 * with `conditionalWrites` the server answers `If-None-Match: *` on PUT
 * (PutObject, CopyObject) the way AWS does: 412 PreconditionFailed when the
 * key exists.
 */
export async function startS3Server(options: { conditionalWrites?: boolean } = {}): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 'fs-s3rver-'));
  const bucket = 'emm-vault';
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  listLikeS3(server);
  const conditionalRequests: string[] = [];
  // Conditional writes to one key run one at a time, so check and write are atomic as on AWS.
  const keyLocks = new Map<string, Promise<void>>();
  server.middleware.unshift(async (ctx, next) => {
    if (ctx.method !== 'PUT' || ctx.get('if-none-match') !== '*') return next();
    const [, bucketName, ...segments] = ctx.path.split('/').map(decodeURIComponent);
    const key = segments.join('/');
    conditionalRequests.push(`PUT ${key}`);
    if (!options.conditionalWrites) return next();
    const previous = keyLocks.get(key) ?? Promise.resolve();
    let release = () => {};
    const current = new Promise<void>((resolve) => (release = resolve));
    keyLocks.set(key, previous.then(() => current));
    await previous;
    try {
      if (await server.store.existsObject(bucketName, key)) {
        ctx.status = 412;
        ctx.type = 'application/xml';
        ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>';
        return;
      }
      await next();
    } finally {
      release();
    }
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: S3Client[] = [];
  return {
    endpoint,
    bucket,
    conditionalRequests,
    client: () => {
      const client = new S3Client({ ...s3ClientConfig({ region: 'us-east-1', endpoint, forcePathStyle: true }), credentials: S3_TEST_CREDENTIALS });
      clients.push(client);
      return client;
    },
    stop: async () => {
      for (const client of clients) client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function listLikeS3(server: S3rver): void {
  const listAll = server.store.listObjects.bind(server.store);
  const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  server.store.listObjects = async (bucket, options) => {
    const { prefix = '', delimiter = '', startAfter = '', maxKeys = 1000 } = options;
    const all = await listAll(bucket, { prefix, maxKeys: Infinity });
    const objects: Array<{ key: string }> = [];
    const commonPrefixes = new Set<string>();
    for (const object of all.objects.sort((a, b) => byBytes(a.key, b.key))) {
      if (startAfter !== '' && byBytes(object.key, startAfter) <= 0) continue;
      const cut = delimiter === '' ? -1 : object.key.indexOf(delimiter, prefix.length);
      if (cut >= 0) commonPrefixes.add(object.key.slice(0, cut + delimiter.length));
      else objects.push(object);
    }
    return { objects: objects.slice(0, maxKeys), commonPrefixes: [...commonPrefixes].sort(byBytes), isTruncated: objects.length > maxKeys };
  };
}
