import type { ImportRecord } from './import-record';
import { cutText, noteBody, noteFrontMatter, normaliseTags, obsidianLink, renderNote } from './note';

const HASH = `sha256:${'ab'.repeat(32)}`;
const FOLDER = '10-19 Finance/11 Banking/11.01 Statements';

function record(overrides: { source?: Partial<ImportRecord['source']>; decision?: Partial<ImportRecord['decision']>; extraction?: ImportRecord['extraction'] } = {}): ImportRecord {
  return {
    version: 1,
    claimedBy: { runId: 'run-1', itemKey: 'file:1' },
    claimedAt: '2026-03-31T10:00:00.000Z',
    source: { path: 'scans/statement.pdf', name: 'statement.pdf', hash: HASH, kind: 'pdf', size: 4768, mediaType: 'application/pdf', ...overrides.source },
    extraction: overrides.extraction ?? { status: 'ok' },
    decision: {
      folder: FOLDER,
      jdId: '11.01',
      title: 'Account statement March 2026',
      summary: 'The March statement of the current account.',
      tags: ['statements', 'balance'],
      confidence: 0.9137,
      needsReview: false,
      allocated: false,
      classifier: { provider: 'heuristic', model: 'jd-scorer-v1' },
      ...overrides.decision,
    },
  };
}

describe('the note of an imported file', () => {
  it('has the shared front matter with the file as its source, identified by its content', () => {
    expect(noteFrontMatter(record(), `${FOLDER}/statement.pdf`)).toEqual({
      title: 'Account statement March 2026',
      jd_id: '11.01',
      jd_path: FOLDER,
      source: { kind: 'file', id: HASH, path: 'scans/statement.pdf', hash: HASH },
      classifier: { provider: 'heuristic', model: 'jd-scorer-v1' },
      confidence: 0.91,
      needs_review: false,
      tags: ['statements', 'balance'],
      original: `${FOLDER}/statement.pdf`,
      file: { name: 'statement.pdf', kind: 'pdf', media_type: 'application/pdf', size: 4768 },
    });
  });

  it('says why a note waits for review, what the classifier guessed and why there is no text', () => {
    const inbox = '00-09 System/00 Index and inbox/00.01 Review inbox';
    const frontMatter = noteFrontMatter(
      record({
        decision: { folder: inbox, jdId: '00.01', needsReview: true, confidence: 0, reviewReason: 'its text could not be extracted', suggestion: { jdId: '11.01', path: FOLDER } },
        extraction: { status: 'failed', reason: 'The text could not be extracted: not a readable PDF' },
      }),
      `${inbox}/statement.pdf`,
    );
    expect(frontMatter).toMatchObject({
      jd_id: '00.01',
      jd_path: inbox,
      needs_review: true,
      confidence: 0,
      review_reason: 'its text could not be extracted',
      suggested: { jd_id: '11.01', jd_path: FOLDER },
      extraction: { status: 'failed', reason: 'The text could not be extracted: not a readable PDF' },
    });
  });

  it('embeds a PDF, links the original and carries its text', () => {
    const note = renderNote(record(), `${FOLDER}/statement.pdf`, { text: 'Opening balance: 2,410.37 EUR\nClosing balance: 3,870.61 EUR\n', chars: 60 }, 50_000);
    expect(note.title).toBe('Account statement March 2026');
    expect(note.body).toBe(
      [
        'The March statement of the current account.',
        '',
        `![[${FOLDER}/statement.pdf]]`,
        '',
        `Original: [[${FOLDER}/statement.pdf|statement.pdf]] (application/pdf, 4.7 KiB)`,
        '',
        '## Text',
        '',
        'Opening balance: 2,410.37 EUR',
        'Closing balance: 3,870.61 EUR',
        '',
      ].join('\n'),
    );
  });

  it('links a binary without a text section', () => {
    const body = noteBody(record({ source: { name: 'garbage.bin', kind: 'binary', mediaType: 'application/octet-stream', size: 10 }, decision: { summary: '' }, extraction: { status: 'metadata_only' } }), `${FOLDER}/garbage.bin`, undefined, 50_000);
    expect(body).toBe(`Original: [[${FOLDER}/garbage.bin|garbage.bin]] (application/octet-stream, 10 B)\n`);
  });

  it('warns when the text could not be extracted, in one sentence', () => {
    const body = noteBody(record({ extraction: { status: 'failed', reason: 'The text could not be extracted: Invalid PDF structure.' } }), `${FOLDER}/statement.pdf`, undefined, 50_000);
    expect(body).toContain('> [!warning] No text\n> The text could not be extracted: Invalid PDF structure. Filed by its name alone: check where it belongs.');
    expect(body).not.toContain('## Text');
  });

  it('puts CSV in a code block whose fence is longer than any backtick run inside', () => {
    const body = noteBody(record({ source: { name: 'contacts.csv', kind: 'csv', mediaType: 'text/csv', size: 30 } }), `${FOLDER}/contacts.csv`, { text: 'name;note\nAnna;```x```\n', chars: 23 }, 50_000);
    expect(body).toContain('## Text\n\n````csv\nname;note\nAnna;```x```\n````\n');
  });

  it('embeds a Markdown original instead of copying it: it is a note of its own', () => {
    const body = noteBody(record({ source: { name: 'tax-notes.md', kind: 'markdown', mediaType: 'text/markdown', size: 235 } }), `${FOLDER}/tax-notes.md`, { text: '# Tax return 2025\n', chars: 18 }, 50_000);
    expect(body).toContain(`![[${FOLDER}/tax-notes.md]]`);
    expect(body).not.toContain('# Tax return 2025');
  });

  it('cuts long text and says how much the original holds', () => {
    const text = `${'word '.repeat(30)}\n${'more '.repeat(30)}`;
    const body = noteBody(record(), `${FOLDER}/statement.pdf`, { text, chars: 90_000 }, 100);
    expect(body).toMatch(/## Text\n\n(word ){19}word\n\n\*Cut after 99 of 90,000 characters: the whole text is in the original\.\*\n$/);
  });

  it('leaves the text out when IMPORT_NOTE_MAX_CHARS is 0', () => {
    expect(noteBody(record(), `${FOLDER}/statement.pdf`, { text: 'some text', chars: 9 }, 0)).not.toContain('## Text');
  });
});

describe('obsidianLink', () => {
  it('is a wiki link with the file name as its text', () => {
    expect(obsidianLink('10-19 Finance/a b.pdf', 'a b.pdf')).toBe('[[10-19 Finance/a b.pdf|a b.pdf]]');
    expect(obsidianLink('10-19 Finance/a b.pdf', 'a b.pdf', { embed: true })).toBe('![[10-19 Finance/a b.pdf]]');
  });

  it('falls back to an encoded Markdown link where the path would break a wiki link', () => {
    expect(obsidianLink('10-19 Finance/invoice #12 [draft].pdf', 'invoice #12 [draft].pdf')).toBe('[invoice #12 \\[draft\\].pdf](10-19%20Finance/invoice%20%2312%20%5Bdraft%5D.pdf)');
    expect(obsidianLink('x/a|b.png', 'a|b.png', { embed: true })).toBe('![a|b.png](x/a%7Cb.png)');
  });
});

describe('cutText', () => {
  it('keeps short text whole', () => {
    expect(cutText('short', 10)).toEqual({ kept: 'short', cut: false });
  });

  it('cuts at a line break or a space near the limit, else at the limit', () => {
    expect(cutText(`${'a'.repeat(90)}\n${'b'.repeat(20)}`, 100)).toEqual({ kept: 'a'.repeat(90), cut: true });
    expect(cutText(`${'a'.repeat(95)} ${'b'.repeat(20)}`, 100)).toEqual({ kept: 'a'.repeat(95), cut: true });
    expect(cutText('c'.repeat(200), 100)).toEqual({ kept: 'c'.repeat(100), cut: true });
  });

  it('never splits a surrogate pair', () => {
    const { kept } = cutText(`${'x'.repeat(9)}😀rest`, 10);
    expect(kept).toBe('x'.repeat(9));
  });
});

describe('normaliseTags', () => {
  it('makes tags Obsidian accepts: lower case, dashes for spaces, no punctuation, not only digits, no repeats', () => {
    expect(normaliseTags(['Closing balance', '#Tax', 'tax', '2025', 'Q1 2026', 'a/b', ' - ', 'Übergabe!'])).toEqual(['closing-balance', 'tax', 'q1-2026', 'a/b', 'übergabe']);
  });

  it('keeps at most 20', () => {
    expect(normaliseTags(Array.from({ length: 30 }, (_, index) => `tag${index}`))).toHaveLength(20);
  });
});
