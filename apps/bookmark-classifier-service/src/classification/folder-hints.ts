import { foldText, type JdEntry, type JdIndex } from '@emm/jd';

/**
 * Folders every browser creates (in the languages exports come in most): they
 * say where a bookmark sits in the browser, not what it is about.
 */
const BROWSER_FOLDERS: ReadonlySet<string> = new Set(
  [
    'Bookmarks', 'Bookmarks bar', 'Bookmarks Toolbar', 'Bookmarks Menu', 'Other bookmarks', 'Mobile bookmarks', 'Unsorted bookmarks',
    'Favorites', 'Favourites', 'Favorites bar', 'Favourites bar', 'Other favorites', 'Other favourites', 'Reading List', 'Imported',
    'Imported from Firefox', 'Imported from Chrome', 'Imported from Safari', 'Imported from Edge', 'BookmarksBar', 'BookmarksMenu',
    'Lesezeichen', 'Lesezeichenleiste', 'Lesezeichen-Symbolleiste', 'Lesezeichen-Menü', 'Weitere Lesezeichen', 'Mobile Lesezeichen', 'Favoritenleiste',
    'Barre de favoris', 'Autres favoris', 'Barre personnelle', 'Menu des marque-pages', 'Barra de marcadores', 'Otros marcadores',
    'Barra dei preferiti', 'Altri preferiti', 'Bladwijzerbalk', 'Andere bladwijzers',
  ].map(foldText),
);

/** `41 Programming`, `41.03 Languages`, `41.03-Languages`: a JD number at the start of a folder name. */
const LEADING_JD_NUMBER = /^(\d{2}(?:\.\d{2})?)(?![\d.]\d|\d)(?=$|[\s._:–—-])[\s._:–—-]*/;
/** `40-49 Learning`: an area; too broad to file anything, but its number is not a topic either. */
const LEADING_AREA = /^\d{2}-\d{2}(?=$|[\s._:–—])[\s._:–—-]*/;

/** The user's own folders as topic words: browser roots dropped, JD numbers cut off, deepest last. */
export function folderHints(folderPath: readonly string[]): string[] {
  return folderPath
    .filter((folder) => !BROWSER_FOLDERS.has(foldText(folder.trim())))
    .map((folder) => folder.trim().replace(LEADING_AREA, '').replace(LEADING_JD_NUMBER, '').trim())
    .filter((folder) => folder !== '');
}

export interface FolderMatch {
  kind: 'folder_number' | 'folder_name';
  /** The folder as it was named. */
  folder: string;
  entry: Extract<JdEntry, { kind: 'category' | 'id' }>;
}

/**
 * Where the folders themselves say a bookmark belongs, deepest folder first:
 * a JD number that the structure declares (`41 Programming` — someone who
 * numbers folders by JD has filed it already), or a folder named exactly like
 * one category or ID (case and accents ignored). At most one of each kind.
 */
export function folderMatches(folderPath: readonly string[], index: JdIndex): FolderMatch[] {
  let byNumber: FolderMatch | undefined;
  let byName: FolderMatch | undefined;
  for (const folder of [...folderPath].reverse()) {
    const name = folder.trim();
    const number = LEADING_JD_NUMBER.exec(name)?.[1];
    if (number !== undefined) {
      const entry = placeable(lookup(index, number));
      if (entry && !byNumber) byNumber = { kind: 'folder_number', folder: name, entry };
      if (entry) continue;
    }
    const rest = name.replace(LEADING_AREA, '').replace(LEADING_JD_NUMBER, '').trim();
    if (rest === '' || byName) continue;
    const named = index.findByName(rest).map(placeable).filter((entry) => entry !== undefined);
    // A name shared by several nodes says nothing about which one.
    if (named.length === 1) byName = { kind: 'folder_name', folder: name, entry: named[0] };
  }
  return [byNumber, byName].filter((match): match is FolderMatch => match !== undefined);
}

/** A declared entry; undefined for undeclared and reserved numbers (`11.00`). */
function lookup(index: JdIndex, number: string): JdEntry | undefined {
  try {
    return index.lookup(number);
  } catch {
    return undefined;
  }
}

function placeable(entry: JdEntry | undefined): Extract<JdEntry, { kind: 'category' | 'id' }> | undefined {
  return entry?.kind === 'category' || entry?.kind === 'id' ? entry : undefined;
}
