import { escapeLineStarts, escapeText, fencedCode, inlineCode, linkDestination, wrapInline } from './markdown-syntax';

describe('Markdown syntax helpers', () => {
  it('escapes only what Markdown would read as syntax', () => {
    expect(escapeText('a*b* [x] `c` \\ _em_ snake_case <b> &amp; ~~s~~')).toBe('a\\*b\\* \\[x] \\`c\\` \\\\ \\_em\\_ snake_case \\<b> &amp;amp; \\~\\~s\\~\\~');
    expect(escapeText('1 < 2 & 3 > 2')).toBe('1 < 2 & 3 > 2');
  });

  it('escapes line starts that would become headings, lists or quotes', () => {
    expect(escapeLineStarts('# h\n- x\n+ y\n> q\n12. n\n3) m\n#tag\n---')).toBe('\\# h\n\\- x\n\\+ y\n\\> q\n12\\. n\n3\\) m\n#tag\n\\---');
  });

  it('keeps emphasis markers next to the words they wrap', () => {
    expect(wrapInline(' word ', '**')).toBe(' **word** ');
    expect(wrapInline('  ', '**')).toBe('  ');
  });

  it('fences code with more backticks than it contains', () => {
    expect(inlineCode('a ` b')).toBe('``a ` b``');
    expect(inlineCode('`x`')).toBe('`` `x` ``');
    expect(fencedCode('```\ncode\n```', 'js')).toBe('````js\n```\ncode\n```\n````');
  });

  it('wraps link destinations that contain spaces or parentheses', () => {
    expect(linkDestination('https://x.test/a b')).toBe('<https://x.test/a b>');
    expect(linkDestination('https://x.test/a')).toBe('https://x.test/a');
  });
});
