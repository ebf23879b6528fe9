// Writes the extraction fixtures in test/fixtures: documents shaped like what
// people drop into UNSORTED (a bank statement PDF, a DOCX report, a saved web
// page, legacy-encoded text), plus broken and encrypted ones. The files are
// committed; run `pnpm fixtures` to regenerate them after changing this script.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import iconv from 'iconv-lite';
import PDFDocument from 'pdfkit';

const OUT = join(import.meta.dirname, '../test/fixtures');
const FIXED_DATE = new Date('2026-03-31T09:30:00Z');

const TRANSACTIONS: Array<[string, string, string]> = [
  ['02.03.2026', 'Card payment Cafe Mueller, Berlin', '-12.50'],
  ['03.03.2026', 'Salary March 2026 ACME GmbH', '3,250.00'],
  ['05.03.2026', 'Rent Apartment Lindenstrasse 4', '-1,180.00'],
  ['09.03.2026', 'Transfer to savings account', '-500.00'],
  ['14.03.2026', 'Direct debit Stadtwerke electricity', '-74.20'],
  ['21.03.2026', 'Card payment Bookshop Am Markt', '-23.90'],
  ['28.03.2026', 'Interest credit', '0.84'],
];

function pdf(options: { userPassword?: string } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    userPassword: options.userPassword,
    pdfVersion: options.userPassword ? '1.7' : '1.4',
    info: { Title: 'Account statement March 2026', Author: 'Example Bank AG', Subject: 'Current account 1234 5678 90', Keywords: 'bank statement, current account', CreationDate: FIXED_DATE },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font('Helvetica-Bold').fontSize(18).text('Example Bank AG');
  doc.font('Helvetica').fontSize(9).text('Hauptstrasse 1, 10115 Berlin - BIC EXAMPLEBXXX').moveDown(1.5);
  doc.font('Helvetica-Bold').fontSize(14).text('Account statement March 2026');
  doc.font('Helvetica').fontSize(10).text('Account holder: Jane Doe').text('IBAN: DE00 1234 5678 9012 3456 78').text('Period: 01.03.2026 - 31.03.2026').moveDown();
  doc.text('Opening balance: 2,410.37 EUR').moveDown();
  doc.font('Helvetica-Bold').text('Date', 50, doc.y, { continued: false, width: 80 });
  for (const [date, text, amount] of TRANSACTIONS) {
    const y = doc.y + 4;
    doc.font('Helvetica').text(date, 50, y, { width: 80 });
    doc.text(text, 140, y, { width: 300 });
    doc.text(`${amount} EUR`, 440, y, { width: 100, align: 'right' });
  }
  doc.moveDown().text('Closing balance: 3,870.61 EUR', 50);
  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(12).text('Notes on your statement');
  doc.font('Helvetica').fontSize(10).text(
    'Please check this statement of account promptly. Objections must be raised within six weeks. ' +
      'Deposits are protected by the statutory deposit guarantee scheme up to 100,000 EUR per customer.',
  );
  doc.end();
  return done;
}

async function docx(): Promise<Buffer> {
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  const document = new Document({
    creator: 'Jane Doe',
    title: 'Quarterly project report Q1 2026',
    subject: 'Project Atlas',
    keywords: 'project report, status, milestones',
    description: 'Status of Project Atlas after the first quarter',
    sections: [
      {
        children: [
          new Paragraph({ text: 'Quarterly project report Q1 2026', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: 'Summary', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('Project Atlas moved the customer portal to the new platform. '),
              new TextRun({ text: 'All milestones of Q1 were met', bold: true }),
              new TextRun(' and the budget is on track.'),
            ],
          }),
          new Paragraph({ text: 'Milestones', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'Migration of the user database', bullet: { level: 0 } }),
          new Paragraph({ text: 'Single sign-on for partners', bullet: { level: 0 } }),
          new Paragraph({ text: 'Load test with 5,000 concurrent users', bullet: { level: 0 } }),
          new Paragraph({ text: 'Budget', heading: HeadingLevel.HEADING_1 }),
          new Table({
            rows: [
              new TableRow({ children: [cell('Item', true), cell('Planned', true), cell('Spent', true)] }),
              new TableRow({ children: [cell('Engineering'), cell('120,000 EUR'), cell('112,400 EUR')] }),
              new TableRow({ children: [cell('Licences'), cell('18,000 EUR'), cell('17,250 EUR')] }),
            ],
          }),
          new Paragraph({ text: 'Next steps: Übergabe an den Betrieb, then the mobile app.', alignment: AlignmentType.LEFT }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

const ARTICLE_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>How to read your electricity bill | Energy Blog</title>
  <meta name="author" content="Sam Example">
  <style>body { font-family: sans-serif } .ad { display: none }</style>
  <script>window.analytics = { track: function () {} };</script>
</head>
<body>
  <header class="site-header"><a href="/">Energy Blog</a>
    <nav><ul><li><a href="/tips">Tips</a></li><li><a href="/tariffs">Tariffs</a></li><li><a href="/about">About</a></li></ul></nav>
  </header>
  <div class="ad">Switch now and save 20%!</div>
  <main>
    <article>
      <h1>How to read your electricity bill</h1>
      <p class="byline">By Sam Example, 12 March 2026</p>
      <p>Your annual electricity bill looks complicated, but it answers three questions: how much energy you used,
      what each kilowatt hour cost, and whether your monthly instalments were enough.</p>
      <h2>Meter readings and consumption</h2>
      <p>The bill lists the meter reading at the start and at the end of the billing period. The difference is your
      consumption in kilowatt hours (kWh). Compare it with last year's figure: a jump of more than ten percent is worth a closer look.</p>
      <h2>Unit price and standing charge</h2>
      <p>The unit price is what you pay per kWh. The standing charge is a fixed amount per day, whatever you use.
      Both are set by your tariff, and both appear with and without VAT.</p>
      <ul>
        <li>Unit price: 0.32 EUR per kWh</li>
        <li>Standing charge: 0.45 EUR per day</li>
        <li>VAT: 19 percent</li>
      </ul>
      <h2>Instalments and the final balance</h2>
      <p>During the year you paid monthly instalments. If they add up to more than the bill, you get a refund;
      if not, you pay the difference. The bill also sets the instalment for the coming year.</p>
    </article>
  </main>
  <aside><h3>Related posts</h3><ul><li><a href="/gas">Understanding your gas bill</a></li></ul></aside>
  <footer><p>&copy; 2026 Energy Blog &middot; <a href="/privacy">Privacy</a></p></footer>
  <script>window.analytics.track('view');</script>
</body>
</html>
`;

const LATIN1_HTML = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>Kündigungsbestätigung</title></head>
<body><h1>Kündigungsbestätigung</h1><p>Sehr geehrte Frau Müller, hiermit bestätigen wir die Kündigung Ihres Vertrags zum 30.06.2026.
Die Rückzahlung Ihres Guthabens über 42,50 € erfolgt auf Ihr Girokonto.</p><p>Mit freundlichen Grüßen<br>Ihr Kundenservice</p></body></html>
`;

const NOTE_MD = `---
title: Tax return 2025
tags: [tax, "2025"]
source:
  kind: file
  path: tax-return-2025.md
---
# Tax return 2025

Documents still missing for the tax return:

- Annual statement of the savings account
- Receipt for the new glasses
`;

await mkdir(OUT, { recursive: true });
const statement = await pdf();
const files: Record<string, Buffer | string> = {
  'statement.pdf': statement,
  // A download cut off halfway: the header is there, the cross-reference table and most objects are not.
  'truncated.pdf': statement.subarray(0, Math.floor(statement.length / 3)),
  'encrypted.pdf': await pdf({ userPassword: 'secret' }),
  'report.docx': await docx(),
  // A ZIP that claims to be a Word document but holds none.
  'broken.docx': Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from('word/ this archive ends right here')]),
  'article.html': ARTICLE_HTML,
  'cancellation-latin1.html': iconv.encode(LATIN1_HTML, 'latin1'),
  'tax-notes.md': NOTE_MD,
  'letter-windows1252.txt': iconv.encode('Sehr geehrte Damen und Herren,\r\nanbei die Rechnung über 1.250,00 € für März.\r\nGrüße aus Köln\r\n', 'windows-1252'),
  'memo-utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Memo: Zählerstand 12345 kWh, abgelesen am 31.03.2026\n', 'utf-16le')]),
  'contacts.csv': 'Name;Stadt;Telefon\n"Müller, Anna";Köln;0221 123456\nJohn Smith;Berlin;030 987654\n',
  'settings.json': `${JSON.stringify({ theme: 'dark', vault: { name: 'EMM', plugins: ['dataview', 'templater'] } }, null, 2)}\n`,
  // The 1x1 PNG every browser understands: a binary with nothing to extract.
  'pixel.png': Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
};
for (const [name, content] of Object.entries(files)) {
  await writeFile(join(OUT, name), content);
  console.log(`${name}: ${Buffer.byteLength(content)} bytes`);
}
