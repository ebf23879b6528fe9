import { join } from 'node:path';
import { JdIndex } from '@emm/jd';
import { folderHints, folderMatches } from './folder-hints';

const EXAMPLE_JD = join(__dirname, '../../../../examples/jd.yaml');

describe('folderHints', () => {
  it('keeps the user\'s own folder words and drops browser root folders in several languages', () => {
    expect(folderHints(['Bookmarks bar', 'Dev', 'Rust'])).toEqual(['Dev', 'Rust']);
    expect(folderHints(['Lesezeichenleiste', 'Küche'])).toEqual(['Küche']);
    expect(folderHints(['Other Bookmarks', 'Favourites', 'Reading List'])).toEqual([]);
  });

  it('cuts JD numbers off folder names, keeping their words', () => {
    expect(folderHints(['40-49 Learning', '41 Programming', '41.03 Languages'])).toEqual(['Learning', 'Programming', 'Languages']);
  });
});

describe('folderMatches', () => {
  let index: JdIndex;

  beforeAll(async () => {
    index = await JdIndex.load(EXAMPLE_JD);
  });

  it('finds a JD-numbered folder, the deepest one first', () => {
    const [match] = folderMatches(['Bookmarks bar', '41 Programming', '41.02 Tools'], index);
    expect(match).toMatchObject({ kind: 'folder_number', folder: '41.02 Tools' });
    expect(match.entry.node.id).toBe('41.02');
  });

  it('finds a folder named like a category or ID, ignoring case and accents', () => {
    const matches = folderMatches(['Bookmarks bar', 'recipes AND cooking'], index);
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ kind: 'folder_name', folder: 'recipes AND cooking' });
    expect(matches[0].entry.node.id).toBe('25');
  });

  it('ignores numbers the structure does not declare, dates, reserved numbers and plain words', () => {
    expect(folderMatches(['2024 Taxes trip'], index)).toEqual([]);
    expect(folderMatches(['12.5 things'], index)).toEqual([]);
    expect(folderMatches(['99 Unknown'], index)).toEqual([]);
    expect(folderMatches(['11.00 Index'], index)).toEqual([]);
    expect(folderMatches(['Stuff', 'Misc'], index)).toEqual([]);
  });

  it('reports a numbered folder and a named one separately, each at most once', () => {
    const matches = folderMatches(['Travel', '41 Programming', 'Books'], index);
    expect(matches.map((m) => [m.kind, m.entry.node.id])).toEqual([
      ['folder_number', '41'],
      ['folder_name', '43'],
    ]);
  });
});
