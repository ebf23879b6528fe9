import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExtractionPool } from './extraction-pool';
import type { ExtractionOutcome } from './extraction-types';
import { detectKind, type ExtractableKind } from './file-kind';

const FIXTURES = join(__dirname, '../../test/fixtures');

describe('ExtractionPool on the committed fixtures', () => {
  let pool: ExtractionPool;

  beforeAll(() => {
    pool = new ExtractionPool({ workers: 2, timeoutMs: 20_000, memoryMb: 256 });
  });

  afterAll(async () => {
    await pool.close();
  });

  async function extractFixture(name: string): Promise<ExtractionOutcome> {
    const data = readFileSync(join(FIXTURES, name));
    const kind = detectKind(name, data);
    if (kind === 'binary') throw new Error(`${name} is binary`);
    return pool.extract({ kind: kind satisfies ExtractableKind, name, data });
  }

  function ok(outcome: ExtractionOutcome) {
    if (outcome.status !== 'ok') throw new Error(`expected text, got ${outcome.status}: ${outcome.reason}`);
    return outcome;
  }

  it('reads a bank statement PDF: text of every page, title and author', async () => {
    const pdf = ok(await extractFixture('statement.pdf'));
    expect(pdf.text).toContain('Account statement March 2026');
    expect(pdf.text).toContain('Transfer to savings account');
    expect(pdf.text).toContain('Notes on your statement');
    expect(pdf.metadata).toMatchObject({ pages: 2, title: 'Account statement March 2026', author: 'Example Bank AG', created: '2026-03-31T09:30:00Z' });
  });

  it('reports a truncated PDF and a password-protected one instead of failing', async () => {
    const truncated = await extractFixture('truncated.pdf');
    expect(truncated).toMatchObject({ status: 'failed', failure: 'corrupt' });
    expect(truncated.status === 'failed' && truncated.reason).toMatch(/^not a readable PDF: /);

    const encrypted = await extractFixture('encrypted.pdf');
    expect(encrypted).toMatchObject({ status: 'failed', failure: 'encrypted', reason: 'the PDF is password-protected' });
  });

  it('reads a DOCX report as Markdown with its core properties', async () => {
    const docx = ok(await extractFixture('report.docx'));
    expect(docx.text).toMatch(/^# Summary$/m);
    expect(docx.text).toContain('**All milestones of Q1 were met**');
    expect(docx.text).toMatch(/^- Single sign-on for partners$/m);
    expect(docx.text).toMatch(/^\| \*\*Item\*\* \| \*\*Planned\*\* \| \*\*Spent\*\* \|$/m);
    expect(docx.text).toMatch(/^\| Engineering \| 120,000 EUR \| 112,400 EUR \|$/m);
    expect(docx.text).toContain('Übergabe an den Betrieb');
    expect(docx.metadata).toMatchObject({ title: 'Quarterly project report Q1 2026', author: 'Jane Doe', subject: 'Project Atlas' });
  });

  it('writes tables as Markdown tables (a separator row after the header) and bold that hugs its text', async () => {
    const page = `<!doctype html><html><head><title>Costs</title></head><body><p><b>Period: </b>March 2026</p>
      <table><thead><tr><th>Item</th><th>Amount</th></tr></thead><tbody><tr><td>Rent</td><td>900 EUR</td></tr><tr><td>Power</td><td>61 EUR</td></tr></tbody></table></body></html>`;
    const html = ok(await pool.extract({ kind: 'html', name: 'costs.html', data: Buffer.from(page) }));
    expect(html.text).toContain('| Item | Amount |\n| --- | --- |\n| Rent | 900 EUR |\n| Power | 61 EUR |');
    expect(html.text).toContain('**Period:** March 2026');
    const docx = ok(await extractFixture('report.docx'));
    expect(docx.text).toMatch(/^\| \*\*Item\*\* \| \*\*Planned\*\* \| \*\*Spent\*\* \|\n\| --- \| --- \| --- \|$/m);
  });

  it('reports a ZIP that is no Word document', async () => {
    const broken = await extractFixture('broken.docx');
    expect(broken).toMatchObject({ status: 'failed', failure: 'corrupt' });
    expect(broken.status === 'failed' && broken.reason).toMatch(/^not a readable DOCX: /);
  });

  it('reads the article of a saved web page without its navigation, ads, scripts and footer', async () => {
    const html = ok(await extractFixture('article.html'));
    expect(html.text).toContain('Meter readings and consumption');
    expect(html.text).toContain('- Unit price: 0.32 EUR per kWh');
    expect(html.text).not.toMatch(/analytics|Switch now|Privacy|Related posts|Tariffs/);
    expect(html.metadata).toMatchObject({ readable: true, lang: 'en' });
    expect(String(html.metadata.title)).toContain('How to read your electricity bill');
    expect(html.encoding).toBe('utf-8');
  });

  it('decodes legacy encodings: a latin-1 HTML page by its meta charset, windows-1252 and UTF-16 text', async () => {
    const latin1 = ok(await extractFixture('cancellation-latin1.html'));
    expect(latin1.text).toContain('Sehr geehrte Frau Müller');
    expect(latin1.text).toContain('Grüßen');
    expect(latin1.encoding).toBe('windows-1252');

    const letter = ok(await extractFixture('letter-windows1252.txt'));
    expect(letter.text).toContain('Rechnung über 1.250,00 € für März');
    expect(letter.text).toContain('Grüße aus Köln');

    const memo = ok(await extractFixture('memo-utf16.txt'));
    expect(memo.text).toBe('Memo: Zählerstand 12345 kWh, abgelesen am 31.03.2026\n');
    expect(memo.encoding).toBe('utf-16le');
  });

  it('parses Markdown front matter, CSV and JSON', async () => {
    const note = ok(await extractFixture('tax-notes.md'));
    expect(note.frontMatter).toEqual({ title: 'Tax return 2025', tags: ['tax', '2025'], source: { kind: 'file', path: 'tax-return-2025.md' } });
    expect(note.text.startsWith('# Tax return 2025')).toBe(true);
    expect(note.metadata.title).toBe('Tax return 2025');

    const csv = ok(await extractFixture('contacts.csv'));
    expect(csv.metadata).toMatchObject({ valid: true, delimiter: ';', rows: 3, columns: 3, header: 'Name | Stadt | Telefon' });

    const json = ok(await extractFixture('settings.json'));
    expect(json.metadata).toMatchObject({ valid: true, topLevel: 'object', keys: 2 });
  });

  it('stops an extraction that runs too long and keeps serving', async () => {
    const slow = new ExtractionPool({ workers: 1, timeoutMs: 1, memoryMb: 256 });
    try {
      const data = readFileSync(join(FIXTURES, 'report.docx'));
      const outcome = await slow.extract({ kind: 'docx', name: 'report.docx', data });
      expect(outcome).toMatchObject({ status: 'failed', failure: 'timeout' });
    } finally {
      await slow.close();
    }
    expect(ok(await extractFixture('settings.json')).metadata.valid).toBe(true);
  });

  it('stops an extraction that needs more memory than a worker may have, and keeps serving', async () => {
    const small = new ExtractionPool({ workers: 1, timeoutMs: 25_000, memoryMb: 64 });
    try {
      const huge = Buffer.from(`<html><body>${'<div><p>A paragraph that a parser has to hold in memory.</p></div>'.repeat(400_000)}</body></html>`);
      const outcome = await small.extract({ kind: 'html', name: 'huge.html', data: huge });
      expect(outcome).toMatchObject({ status: 'failed', failure: 'out_of_memory', reason: 'extraction needed more than 64 MB and was stopped' });
      const after = await small.extract({ kind: 'json', name: 'settings.json', data: readFileSync(join(FIXTURES, 'settings.json')) });
      expect(after.status).toBe('ok');
    } finally {
      await small.close();
    }
  });

  it('survives workers that cannot even start: every call is answered as a failed extraction', async () => {
    // 8 MB of heap cannot hold the parsers: every worker dies while loading them. An unhandled pool error would fail this suite.
    const starved = new ExtractionPool({ workers: 1, timeoutMs: 3_000, memoryMb: 8, onWorkerError: () => undefined });
    try {
      for (let call = 0; call < 2; call += 1) {
        const outcome = await starved.extract({ kind: 'json', name: 'settings.json', data: readFileSync(join(FIXTURES, 'settings.json')) });
        expect(outcome.status === 'failed' && ['out_of_memory', 'timeout', 'crashed'].includes(outcome.failure)).toBe(true);
      }
    } finally {
      await starved.close();
    }
  });
});
