import { decideCursor } from './cursor-advance';

const listing = { nextCursor: 'cfl1.sync-cursor', startedFrom: '' };

describe('decideCursor', () => {
  it('moves the cursor past the listing when every page is in the vault', () => {
    const decision = decideCursor(listing, [
      { synced: true, lastModified: '2025-03-01T10:00:00.000Z' },
      { synced: true, lastModified: '2025-03-02T10:00:00.000Z' },
    ]);
    expect(decision).toEqual({ kind: 'advance', position: { cursor: 'cfl1.sync-cursor' } });
  });

  it('moves it past an empty listing too (nothing changed)', () => {
    expect(decideCursor(listing, [])).toEqual({ kind: 'advance', position: { cursor: 'cfl1.sync-cursor' } });
  });

  it('holds it at the earliest page that is not in the vault, so the next sync lists it again', () => {
    const decision = decideCursor(listing, [
      { synced: true, lastModified: '2025-03-01T08:00:00.000Z' },
      { synced: false, lastModified: '2025-03-03T10:00:00.000Z' },
      { synced: false, lastModified: '2025-03-02T10:00:00.000Z' },
      { synced: true, lastModified: '2025-03-04T10:00:00.000Z' },
    ]);
    expect(decision).toEqual({ kind: 'hold', position: { since: '2025-03-02T10:00:00.000Z' }, unsynced: 2 });
  });

  it('compares instants, not strings: Data Center times carry the server offset', () => {
    const decision = decideCursor(listing, [
      { synced: false, lastModified: '2025-03-02T10:30:00.000+02:00' }, // 08:30Z
      { synced: false, lastModified: '2025-03-02T09:00:00.000Z' },
    ]);
    expect(decision).toEqual({ kind: 'hold', position: { since: '2025-03-02T08:30:00.000Z' }, unsynced: 2 });
  });

  it('lists the whole space again rather than skip a page whose time cannot be read', () => {
    const decision = decideCursor(listing, [{ synced: false, lastModified: 'yesterday' }]);
    expect(decision).toEqual({ kind: 'hold', position: { since: '1970-01-01T00:00:00.000Z' }, unsynced: 1 });
  });
});
