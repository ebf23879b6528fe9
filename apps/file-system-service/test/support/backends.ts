import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStorage } from '../../src/storage/local-storage';
import { S3Storage } from '../../src/storage/s3-storage';
import type { StorageBackend } from '../../src/storage/storage';
import { startS3Server, type S3TestServer } from './s3-server';

/** A storage backend under test with a way to reach its roots from outside, and to clean up. */
export interface BackendUnderTest {
  storage: StorageBackend;
  /** local: the root directories. */
  dirs?: { base: string; vault: string; unsorted: string };
  s3?: S3TestServer;
  cleanup(): Promise<void>;
}

export type BackendKind = 'local' | 's3';

/** The backends every contract test runs against. */
export const BACKENDS: BackendKind[] = ['local', 's3'];

export async function createBackend(kind: BackendKind): Promise<BackendUnderTest> {
  if (kind === 'local') {
    const base = await mkdtemp(join(tmpdir(), 'fs-local-'));
    const dirs = { base, vault: join(base, 'vault'), unsorted: join(base, 'unsorted') };
    await mkdir(dirs.vault);
    await mkdir(dirs.unsorted);
    return {
      storage: new LocalStorage({ vaultDir: dirs.vault, unsortedDir: dirs.unsorted, fsync: true }),
      dirs,
      cleanup: () => rm(base, { recursive: true, force: true }),
    };
  }
  const s3 = await startS3Server({ conditionalWrites: true });
  const storage = new S3Storage({ client: s3.client(), bucket: s3.bucket, prefixes: { vault: 'vault/', unsorted: 'unsorted/' }, conditionalWrites: true });
  return { storage, s3, cleanup: () => s3.stop() };
}

/** Puts a file into a root the way a user or another tool would: around the service, not through it. */
export async function putRaw(backend: BackendUnderTest, root: 'vault' | 'unsorted', path: string, data: string | Buffer): Promise<void> {
  if (backend.dirs) {
    const file = join(backend.dirs[root], path);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, data);
    return;
  }
  const s3 = backend.s3 as S3TestServer;
  await s3.client().send(new PutObjectCommand({ Bucket: s3.bucket, Key: `${root}/${path}`, Body: typeof data === 'string' ? Buffer.from(data) : data }));
}

/** Reads a file around the service; undefined when it is not there. */
export async function getRaw(backend: BackendUnderTest, root: 'vault' | 'unsorted', path: string): Promise<Buffer | undefined> {
  if (backend.dirs) return readFile(join(backend.dirs[root], path)).catch(() => undefined);
  const s3 = backend.s3 as S3TestServer;
  try {
    const object = await s3.client().send(new GetObjectCommand({ Bucket: s3.bucket, Key: `${root}/${path}` }));
    return Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  } catch {
    return undefined;
  }
}
