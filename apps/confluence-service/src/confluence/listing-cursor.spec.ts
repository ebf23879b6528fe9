import { CursorError, decodeCursor, encodeCursor } from './listing-cursor';

describe('list_pages cursors', () => {
  it('round-trip what a listing needs to continue', () => {
    const cursor = { flavor: 'cloud' as const, spaceKey: 'DOC', since: '2024-01-01T00:00:00.000Z', next: '/wiki/api/v2/spaces/1/pages?cursor=abc', newest: '2024-02-01T00:00:00.000Z' };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^cfl1\.[\w-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it('refuse text this service did not issue', () => {
    expect(() => decodeCursor('abc')).toThrow(CursorError);
    expect(() => decodeCursor('cfl1.!!!')).toThrow('cursor: is damaged');
    expect(() => decodeCursor(`cfl1.${Buffer.from('{"flavor":"cloud"}').toString('base64url')}`)).toThrow('cursor: is damaged');
    expect(() => decodeCursor(`cfl1.${Buffer.from('{"flavor":"cloud","spaceKey":"D","since":"yesterday"}').toString('base64url')}`)).toThrow('cursor: is damaged');
  });
});
