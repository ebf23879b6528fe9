import { type Handler, Parser } from 'htmlparser2';
import type { RawBookmark, ReadResult } from './bookmark';
import { BookmarkFormatError, LineIndex } from './bookmark-format-error';
import { fromUnixTimestamp } from './dates';
import { splitTags } from './tags';

interface OpenList {
  /** The folder this list belongs to; undefined for the root list (after `<H1>`). */
  folder?: string;
  line: number;
}

interface OpenLink {
  href?: string;
  addDate?: string;
  tags?: string;
  line: number;
  title: string;
}

/**
 * Reads the Netscape bookmark file every browser exports:
 *
 * ```html
 * <DT><H3 ADD_DATE="…" PERSONAL_TOOLBAR_FOLDER="true">Folder</H3>
 * <DL><p>
 *   <DT><A HREF="…" ADD_DATE="…" ICON="data:…" TAGS="a,b">Title</A>
 *   <DD>Description
 * </DL><p>
 * ```
 *
 * The format is HTML in name only (unclosed `<DT>` and `<p>` everywhere,
 * attributes in any case and order), so it is read with htmlparser2's
 * tolerant tokenizer, which also decodes entities. A heading followed by a
 * list is a folder (Chrome, Firefox, Safari, Edge all nest that way); the
 * document's `<H1>` is not. What cannot be repaired is a structure that is
 * cut off or closed twice: that is reported with its line, since guessing
 * would file bookmarks under the wrong folders.
 */
export function readNetscapeHtml(content: string): ReadResult {
  return new NetscapeReader(content).read();
}

class NetscapeReader implements Partial<Handler> {
  private readonly lines: LineIndex;
  private readonly parser: BookmarkParser;
  private readonly entries: RawBookmark[] = [];
  private readonly lists: OpenList[] = [];
  private readonly folders: string[] = [];
  private heading?: { text: string; line: number };
  /** A folder name waiting for the `<DL>` that holds its content. */
  private pendingFolder?: string;
  private link?: OpenLink;
  private description?: { text: string; bookmark: RawBookmark };
  /** What the last `<DT>` held; a `<DD>` describes it. */
  private lastEntry?: RawBookmark | 'folder';
  private sawList = false;
  private sawLink = false;
  /** Set while the parser closes what is still open at the end of the input. */
  private atEnd = false;

  constructor(private readonly content: string) {
    this.lines = new LineIndex(content);
    this.parser = new BookmarkParser(this, content, (start) => this.onRawListClose(start));
  }

  read(): ReadResult {
    this.parser.write(this.content);
    this.atEnd = true;
    this.parser.end();
    if (!this.sawList && !this.sawLink) {
      throw new BookmarkFormatError('not a bookmark file: no <DL> list and no <A HREF> link found (a Netscape bookmark export has <DT><A HREF="…"> entries)');
    }
    return { format: 'netscape-html', entries: this.entries };
  }

  onopentag(name: string, attributes: Record<string, string>): void {
    const line = this.lines.lineOf(this.parser.startIndex);
    switch (name) {
      case 'dl':
        this.sawList = true;
        this.lists.push({ folder: this.pendingFolder, line });
        if (this.pendingFolder !== undefined) this.folders.push(this.pendingFolder);
        this.pendingFolder = undefined;
        break;
      case 'h3':
        this.heading = { text: '', line };
        break;
      case 'a':
        // A link inside a link is a missing </A>: the first one ends here.
        if (this.link) this.finishLink();
        this.sawLink = true;
        this.pendingFolder = undefined;
        this.link = { href: attributes.href, addDate: attributes.add_date ?? attributes.time_added, tags: attributes.tags, line, title: '' };
        break;
      case 'dd':
        if (this.lastEntry !== undefined && this.lastEntry !== 'folder') this.description = { text: '', bookmark: this.lastEntry };
        break;
    }
  }

  ontext(text: string): void {
    if (this.link) this.link.title += text;
    else if (this.heading) this.heading.text += text;
    else if (this.description) this.description.text += text;
  }

  onclosetag(name: string): void {
    switch (name) {
      case 'a':
        if (this.atEnd && this.link) {
          throw new BookmarkFormatError(`line ${this.link.line}: <A> is never closed: the file ends inside it (is the export truncated?)`);
        }
        this.finishLink();
        break;
      case 'h3':
        if (!this.heading) break;
        if (this.atEnd) throw new BookmarkFormatError(`line ${this.heading.line}: folder heading <H3> is never closed: the file ends inside it (is the export truncated?)`);
        this.pendingFolder = collapseWhitespace(this.heading.text) || 'Untitled folder';
        this.lastEntry = 'folder';
        this.heading = undefined;
        break;
      case 'dl': {
        const list = this.lists.pop();
        if (!list) break;
        if (this.atEnd) {
          const what = list.folder === undefined ? 'the bookmark list' : `the list of folder "${list.folder}"`;
          throw new BookmarkFormatError(`line ${list.line}: ${what} is never closed (no </DL>): is the export truncated?`);
        }
        if (list.folder !== undefined) this.folders.pop();
        this.pendingFolder = undefined;
        break;
      }
      case 'dd':
        if (this.description) {
          const text = collapseWhitespace(this.description.text);
          if (text !== '') this.description.bookmark.description = text;
          this.description = undefined;
        }
        break;
    }
  }

  private onRawListClose(start: number): void {
    if (this.lists.length === 0) {
      throw new BookmarkFormatError(`line ${this.lines.lineOf(start)}: </DL> has no open list to close: the file closes more folders than it opens`);
    }
  }

  private finishLink(): void {
    const link = this.link;
    if (!link) return;
    this.link = undefined;
    const entry: RawBookmark = {
      url: link.href ?? '',
      title: collapseWhitespace(link.title),
      folderPath: [...this.folders],
      addedAt: fromUnixTimestamp(link.addDate),
      tags: splitTags(link.tags),
      at: { line: link.line },
    };
    this.entries.push(entry);
    this.lastEntry = entry;
  }
}

/**
 * htmlparser2's Parser ignores a closing tag with no open element. A stray
 * `</DL>` is exactly what breaks a bookmark tree, so this one reports every
 * closing `</DL>` from the tokenizer before the parser matches it.
 */
class BookmarkParser extends Parser {
  constructor(
    handler: Partial<Handler>,
    private readonly source: string,
    private readonly onListClose: (start: number) => void,
  ) {
    super(handler, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  }

  override onclosetag(start: number, endIndex: number): void {
    if (endIndex - start === 2 && this.source.slice(start, endIndex).toLowerCase() === 'dl') this.onListClose(start);
    super.onclosetag(start, endIndex);
  }
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
