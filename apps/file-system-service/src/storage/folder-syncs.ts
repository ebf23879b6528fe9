/**
 * fsync of folders, coalesced per folder (group commit): a writer needs a
 * sync that starts after its rename, so callers that arrive while one runs
 * share the next one. At hundreds of notes a second into a few folders this
 * turns one folder fsync per note into one per batch.
 */
export class FolderSyncs {
  private readonly folders = new Map<string, { running?: Promise<void>; next?: Promise<void> }>();

  constructor(private readonly fsyncFolder: (dir: string) => Promise<void>) {}

  sync(dir: string): Promise<void> {
    let folder = this.folders.get(dir);
    if (folder === undefined) {
      folder = {};
      this.folders.set(dir, folder);
    }
    if (folder.next !== undefined) return folder.next;
    const running = folder.running;
    if (running === undefined) return this.start(dir, folder);
    const state = folder;
    // The running sync may have started before this caller's change: wait for it, then sync again for everyone who waited.
    state.next = running
      .catch(() => undefined)
      .then(() => {
        state.next = undefined;
        return this.start(dir, state);
      });
    return state.next;
  }

  private start(dir: string, folder: { running?: Promise<void>; next?: Promise<void> }): Promise<void> {
    const running = this.fsyncFolder(dir).finally(() => {
      if (folder.running !== running) return;
      folder.running = undefined;
      if (folder.next === undefined) this.folders.delete(dir);
    });
    folder.running = running;
    return running;
  }
}
