import { createHash } from 'node:crypto';
import { startRedis, type RedisServer } from '@emm/testing';
import { Redis } from 'ioredis';
import { CursorStore } from './cursor-store';
import { NoteRecordStore, pageSourceIdentity } from './note-record';

describe('Redis stores (real redis-server)', () => {
  let server: RedisServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    await redis.quit();
    await server.stop();
  });
  beforeEach(() => redis.flushall());

  describe('NoteRecordStore', () => {
    const identity = pageSourceIdentity('65538');
    const placement = { folder: '30-39 Work/35 Processes and runbooks/35.01 Runbooks', jdId: '35.01', inbox: false, fileTitle: 'Deploy' };

    it('keys records by the sha256 of the source identity under the agent’s prefix', async () => {
      const store = new NoteRecordStore(redis, 'confluence-agent');
      await store.saveVersion(identity, 1, 'a.md');
      const sha = createHash('sha256').update('confluence:65538').digest('hex');
      expect(await redis.keys('*')).toEqual([`emm:confluence-agent:note:${sha}`]);
    });

    it('keeps the first placement claimed: a second attempt classified differently reuses it', async () => {
      const store = new NoteRecordStore(redis, 'confluence-agent');
      expect(await store.claimPlacement(identity, placement)).toEqual(placement);
      expect(await store.claimPlacement(identity, { ...placement, folder: '00-09 System/00 Index and inbox/00.01 Review inbox', jdId: '00.01', inbox: true })).toEqual(placement);
      expect((await store.get(identity))?.placement).toEqual(placement);
    });

    it('never moves the version back when runs finish out of order', async () => {
      const store = new NoteRecordStore(redis, 'confluence-agent');
      await store.saveVersion(identity, 5, 'v5.md');
      await store.saveVersion(identity, 3, 'v3.md');
      expect(await store.get(identity)).toMatchObject({ version: 5, path: 'v5.md' });
      await store.saveVersion(identity, 6, 'v6.md');
      expect(await store.get(identity)).toMatchObject({ version: 6, path: 'v6.md' });
    });

    it('reads many versions at once, 0 for pages without a note', async () => {
      const store = new NoteRecordStore(redis, 'confluence-agent');
      await store.saveVersion(pageSourceIdentity('1'), 2, '1.md');
      expect(await store.versions([pageSourceIdentity('1'), pageSourceIdentity('2')])).toEqual([2, 0]);
      expect(await store.get(pageSourceIdentity('2'))).toBeUndefined();
    });
  });

  describe('CursorStore', () => {
    it('stores a cursor or an instant per space and says which run stored it', async () => {
      const store = new CursorStore(redis, 'confluence-agent', 60_000);
      expect(await store.get('DOC')).toBeUndefined();
      expect(await store.advance('DOC', { cursor: 'cfl1.a' }, { runId: 'r1', startedFrom: '' })).toBe(true);
      expect(await store.get('DOC')).toMatchObject({ position: { cursor: 'cfl1.a' }, runId: 'r1' });
      expect(await store.advance('DOC', { since: '2025-03-01T00:00:00.000Z' }, { runId: 'r2', startedFrom: 'r1' })).toBe(true);
      expect(await store.get('DOC')).toMatchObject({ position: { since: '2025-03-01T00:00:00.000Z' }, runId: 'r2' });
      expect(await redis.hgetall('emm:confluence-agent:cursor:DOC')).not.toHaveProperty('cursor');
    });

    it('leaves a cursor alone that another run stored after this run started from an older one', async () => {
      const store = new CursorStore(redis, 'confluence-agent', 60_000);
      await store.advance('DOC', { cursor: 'cfl1.newer' }, { runId: 'r2', startedFrom: '' });
      expect(await store.advance('DOC', { since: '2025-01-01T00:00:00.000Z' }, { runId: 'r1', startedFrom: '' })).toBe(false);
      expect(await store.get('DOC')).toMatchObject({ position: { cursor: 'cfl1.newer' }, runId: 'r2' });
    });

    it('lets a run replace its own cursor (finish again after a retry of its failed pages)', async () => {
      const store = new CursorStore(redis, 'confluence-agent', 60_000);
      await store.advance('DOC', { since: '2025-03-01T00:00:00.000Z' }, { runId: 'r1', startedFrom: '' });
      expect(await store.advance('DOC', { cursor: 'cfl1.done' }, { runId: 'r1', startedFrom: '' })).toBe(true);
      expect(await store.get('DOC')).toMatchObject({ position: { cursor: 'cfl1.done' } });
    });

    it('keeps a run’s listings for finish, expiring with the run history', async () => {
      const store = new CursorStore(redis, 'confluence-agent', 60_000);
      await store.saveListing('r1', 'DOC', { nextCursor: 'cfl1.x', startedFrom: '' });
      await store.saveListing('r1', 'ENG', { nextCursor: 'cfl1.y', startedFrom: 'r0' });
      expect(await store.listings('r1')).toEqual(new Map([['DOC', { nextCursor: 'cfl1.x', startedFrom: '' }], ['ENG', { nextCursor: 'cfl1.y', startedFrom: 'r0' }]]));
      const ttl = await redis.pttl('emm:confluence-agent:sync:r1:listings');
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect(await store.listings('unknown')).toEqual(new Map());
    });
  });
});
