import { FolderSyncs } from './folder-syncs';

/** A fake fsync that finishes when the test says so, recording when each one started. */
function controllableSync() {
  const started: Array<{ dir: string; finish: () => void }> = [];
  const fsync = (dir: string) => new Promise<void>((resolve) => started.push({ dir, finish: resolve }));
  return { started, fsync };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('FolderSyncs', () => {
  it('gives every caller a sync that started after it asked, sharing one among those who waited', async () => {
    const { started, fsync } = controllableSync();
    const syncs = new FolderSyncs(fsync);
    const first = syncs.sync('/vault/a');
    const waiting = [syncs.sync('/vault/a'), syncs.sync('/vault/a'), syncs.sync('/vault/a')];
    await tick();
    expect(started.map((s) => s.dir)).toEqual(['/vault/a']);

    let waitersDone = false;
    void Promise.all(waiting).then(() => (waitersDone = true));
    started[0].finish();
    await first;
    await tick();
    // The first sync may have begun before the waiters' changes: they get a second one, together.
    expect(started).toHaveLength(2);
    expect(waitersDone).toBe(false);
    started[1].finish();
    await Promise.all(waiting);
    expect(started).toHaveLength(2);
  });

  it('syncs different folders independently', async () => {
    const { started, fsync } = controllableSync();
    const syncs = new FolderSyncs(fsync);
    const a = syncs.sync('/vault/a');
    const b = syncs.sync('/vault/b');
    await tick();
    expect(started.map((s) => s.dir)).toEqual(['/vault/a', '/vault/b']);
    for (const s of started) s.finish();
    await Promise.all([a, b]);
  });

  it('passes a failed sync on to its callers, and the next caller gets a fresh sync', async () => {
    const syncs = new FolderSyncs(async () => {
      throw new Error('EIO');
    });
    await expect(syncs.sync('/vault/a')).rejects.toThrow('EIO');
    await expect(syncs.sync('/vault/a')).rejects.toThrow('EIO');
  });
});
