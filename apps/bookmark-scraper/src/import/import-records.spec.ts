import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { startRedis, type RedisServer } from '@emm/testing';
import { aPlacement } from '../../test/sample-data';
import { ImportRecords } from './import-records';

describe('import records (real Redis)', () => {
  let server: RedisServer;
  let redis: Redis;
  let records: ImportRecords;
  const url = 'https://example.org/guide';

  beforeAll(async () => {
    server = await startRedis({ appendOnly: false });
    redis = new Redis(server.url);
  });

  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  beforeEach(async () => {
    await redis.flushall();
    records = new ImportRecords(redis, 'emm:bookmark-scraper', () => new Date('2026-01-10T09:00:00.000Z'));
  });

  it('keys a record by the sha256 of the note\'s source identity', () => {
    const hash = createHash('sha256').update('bookmark:https://example.org/guide').digest('hex');
    expect(records.keyOf(url)).toBe(`emm:bookmark-scraper:note:${hash}`);
  });

  it('claims a placement once: a second claim gets the first one back', async () => {
    const first = await records.claim(url, aPlacement({ jdId: '41.03' }), 'run-1');
    const second = await records.claim(url, aPlacement({ jdId: '42.01', folder: 'elsewhere' }), 'run-2');
    expect(second).toEqual(first);
    expect(second).toMatchObject({ state: 'claimed', runId: 'run-1', placement: { jdId: '41.03' } });
    expect(await redis.ttl(records.keyOf(url))).toBe(-1);
  });

  it('remembers the imported note and keeps it past a release', async () => {
    await records.claim(url, aPlacement(), 'run-1');
    await records.markImported(url, aPlacement(), '40-49 Learning and reference/41 Programming/41.03 Languages and frameworks/Guide.md', 'run-1');
    await records.release(url);
    expect(await records.get(url)).toEqual({
      state: 'imported',
      url,
      placement: aPlacement(),
      path: '40-49 Learning and reference/41 Programming/41.03 Languages and frameworks/Guide.md',
      runId: 'run-1',
      at: '2026-01-10T09:00:00.000Z',
    });
  });

  it('forgets a claim on release, so the next attempt decides anew', async () => {
    await records.claim(url, aPlacement(), 'run-1');
    await records.release(url);
    expect(await records.get(url)).toBeUndefined();
  });

  it('treats an unreadable record as absent and replaces it on claim', async () => {
    await redis.set(records.keyOf(url), '{"state":"something-else"}');
    expect(await records.get(url)).toBeUndefined();
    const claimed = await records.claim(url, aPlacement(), 'run-3');
    expect(await records.get(url)).toEqual(claimed);
  });
});
