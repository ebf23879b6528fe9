import { Redis } from 'ioredis';
import { startRedis, type RedisServer } from '@emm/testing';
import { type ImportRecord, ImportRecords, UnreadableRecordError } from './import-record';

const HASH = `sha256:${'c'.repeat(64)}`;

function claimFor(itemKey: string, folder: string): ImportRecord {
  return {
    version: 1,
    claimedBy: { runId: 'run-1', itemKey },
    claimedAt: '2026-03-31T10:00:00.000Z',
    source: { path: `${itemKey}.pdf`, name: `${itemKey}.pdf`, hash: HASH, kind: 'pdf', size: 10, mediaType: 'application/pdf' },
    extraction: { status: 'ok' },
    decision: {
      folder,
      jdId: folder.slice(-5),
      title: 'Statement',
      summary: '',
      tags: [],
      confidence: 0.8,
      needsReview: false,
      allocated: false,
      classifier: { provider: 'heuristic', model: 'jd-scorer-v1' },
    },
  };
}

describe('import records (real Redis)', () => {
  let server: RedisServer;
  let redis: Redis;
  let records: ImportRecords;

  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
    records = new ImportRecords(redis, 'file-system-agent');
  });

  afterAll(async () => {
    await redis.quit();
    await server.stop();
  });

  beforeEach(() => redis.flushall());

  it('are keyed by the content under the agent prefix', () => {
    expect(records.key(HASH)).toMatch(/^emm:file-system-agent:note:[0-9a-f]{64}$/);
    expect(records.key(`sha256:${'d'.repeat(64)}`)).not.toBe(records.key(HASH));
  });

  it('keep the first claim: a second item with the same content gets the first decision back', async () => {
    const first = await records.claim(claimFor('a', '10-19 Finance/11 Banking/11.01'));
    const second = await records.claim(claimFor('b', '10-19 Finance/11 Banking/11.02'));
    expect(second).toEqual(first);
    expect(await records.get(HASH)).toEqual(first);
  });

  it('keep claims racing for the same content consistent: every claimant sees the winner', async () => {
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((key) => records.claim(claimFor(key, `10-19 Finance/11 Banking/11.0${key.charCodeAt(0) - 96}`))));
    expect(new Set(results.map((result) => result.claimedBy.itemKey)).size).toBe(1);
  });

  it('remember the note once it is written', async () => {
    const claimed = await records.claim(claimFor('a', '10-19 Finance/11 Banking/11.01'));
    await records.markNoted(claimed, { path: '10-19 Finance/11 Banking/11.01/Statement.md', original: '10-19 Finance/11 Banking/11.01/a.pdf', writtenAt: '2026-03-31T10:00:01.000Z' });
    expect((await records.get(HASH))?.note).toEqual({ path: '10-19 Finance/11 Banking/11.01/Statement.md', original: '10-19 Finance/11 Banking/11.01/a.pdf', writtenAt: '2026-03-31T10:00:01.000Z' });
  });

  it('refuse a damaged record with what to do about it', async () => {
    await redis.set(records.key(HASH), '{"version":2}');
    await expect(records.get(HASH)).rejects.toThrow(UnreadableRecordError);
    await expect(records.get(HASH)).rejects.toThrow(/cannot be read .*; delete it to import this file afresh/);
  });

  it('are absent for content never seen', async () => {
    expect(await records.get(HASH)).toBeUndefined();
  });
});
