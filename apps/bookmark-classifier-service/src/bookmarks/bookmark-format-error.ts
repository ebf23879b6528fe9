/**
 * The input as a whole cannot be read (not a bookmark file, a syntax error,
 * a truncated export). The message names the place: a line, a JSON path.
 */
export class BookmarkFormatError extends Error {
  override readonly name = 'BookmarkFormatError';
}

/** 1-based line numbers of character offsets in one text, found by binary search over line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  columnOf(offset: number): number {
    return offset - this.starts[this.lineOf(offset) - 1] + 1;
  }
}
