import { startS3Server, type S3TestServer } from '../../test/support/s3-server';
import { S3Storage } from './s3-storage';
import { StorageExistsError } from './storage';
import { StorageUnavailableError } from './storage-unavailable.error';

function storageOn(s3: S3TestServer, options: { conditionalWrites?: boolean; bucket?: string } = {}): S3Storage {
  return new S3Storage({
    client: s3.client(),
    bucket: options.bucket ?? s3.bucket,
    prefixes: { vault: 'vault/', unsorted: 'unsorted/' },
    conditionalWrites: options.conditionalWrites ?? true,
  });
}

async function settle(writes: Array<Promise<unknown>>): Promise<{ created: number; refused: number }> {
  const results = await Promise.allSettled(writes);
  const refused = results.filter((r) => r.status === 'rejected' && r.reason instanceof StorageExistsError).length;
  const created = results.filter((r) => r.status === 'fulfilled').length;
  return { created, refused };
}

describe('S3Storage conditional writes', () => {
  let s3: S3TestServer;

  afterEach(async () => {
    await s3?.stop();
  });

  it('creates with If-None-Match: *, replaces without it', async () => {
    s3 = await startS3Server({ conditionalWrites: true });
    const storage = storageOn(s3);
    await storage.write('vault', 'a/b/c/note.md', Buffer.from('one'), { overwrite: false });
    await storage.write('vault', 'a/b/c/note.md', Buffer.from('two'), { overwrite: true });
    await storage.place({ root: 'vault', path: 'a/b/c/note.md' }, { root: 'vault', path: 'a/b/c/copy.md' });
    expect(s3.conditionalRequests).toEqual(['PUT vault/a/b/c/note.md', 'PUT vault/a/b/c/copy.md']);
  });

  it('lets exactly one of many simultaneous creates win on a store that honours the condition', async () => {
    s3 = await startS3Server({ conditionalWrites: true });
    const storage = storageOn(s3);
    const outcome = await settle(Array.from({ length: 6 }, (_, i) => storage.write('vault', 'race.md', Buffer.from(`writer ${i}`), { overwrite: false })));
    expect(outcome).toEqual({ created: 1, refused: 5 });
  });

  it('still refuses to create over an existing object where the store ignores the condition (checked first)', async () => {
    s3 = await startS3Server({ conditionalWrites: false });
    const storage = storageOn(s3, { conditionalWrites: false });
    await storage.write('vault', 'note.md', Buffer.from('first'), { overwrite: false });
    await expect(storage.write('vault', 'note.md', Buffer.from('second'), { overwrite: false })).rejects.toBeInstanceOf(StorageExistsError);
    expect((await storage.read('vault', 'note.md', { maxBytes: 100 })).data.toString()).toBe('first');
    expect(s3.conditionalRequests).toEqual([]);
  });

  it('reports an unreachable bucket by name and error code only', async () => {
    s3 = await startS3Server();
    await expect(storageOn(s3, { bucket: 'no-such-bucket' }).check()).rejects.toThrow(StorageUnavailableError);
    await expect(storageOn(s3, { bucket: 'no-such-bucket' }).check()).rejects.toThrow(/^S3 bucket no-such-bucket is not reachable \(NotFound 404\)$/);
  });
});
