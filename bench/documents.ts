// The paperwork the file-import benches drop into UNSORTED, and the notes it
// becomes: generated documents of mixed kinds and sizes, each with unique
// details so no two share a content hash or a cache entry.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Document templates per kind of paperwork. */
const TOPICS = [
  { name: 'statement', words: 'Northwind Bank monthly account statement opening balance closing balance direct debit standing order transfer' },
  { name: 'invoice', words: 'Invoice number amount due payment terms VAT supplier customer reference total net' },
  { name: 'payslip', words: 'Payslip gross pay net pay income tax national insurance pension employer salary period' },
  { name: 'recipe', words: 'Recipe ingredients tablespoon flour butter oven preheat bake minutes serves stir' },
  { name: 'meeting', words: 'Meeting notes attendees agenda action items decisions follow up next meeting owner' },
  { name: 'runbook', words: 'Runbook incident on-call restart service check dashboard alert escalate rollback deploy' },
  { name: 'insurance', words: 'Insurance policy premium cover excess renewal insured claims schedule policyholder' },
  { name: 'travel', words: 'Itinerary flight booking reference departure arrival hotel check-in passport' },
];

/**
 * Document number `index`: the topic, the kind (md, txt, csv, html, json)
 * and the length (0.2 KB … 8 KB of text, times the kind's overhead) all
 * vary with the index; the file name carries it, so names never collide.
 */
export function generatedDocument(index: number): { name: string; content: string } {
  const topic = TOPICS[index % TOPICS.length];
  const kind = ['md', 'txt', 'csv', 'html', 'json'][index % 5];
  const repeat = 1 + (index % 40);
  const lines = Array.from({ length: repeat }, (_, line) => `${topic.words} item ${index}-${line} reference ${(index * 7919 + line) % 100000}.`);
  const title = `${topic.name} ${index}`;
  switch (kind) {
    case 'md':
      return { name: `${title}.md`, content: `# ${title}\n\n${lines.join('\n\n')}\n` };
    case 'txt':
      return { name: `${title}.txt`, content: `${title}\n\n${lines.join('\n')}\n` };
    case 'csv':
      return { name: `${title}.csv`, content: `date,description,amount\n${lines.map((line, n) => `2026-03-${String((n % 28) + 1).padStart(2, '0')},"${line}",${(n * 13.37).toFixed(2)}`).join('\n')}\n` };
    case 'html':
      return { name: `${title}.html`, content: `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1>${lines.map((line) => `<p>${line}</p>`).join('')}</body></html>\n` };
    default:
      return { name: `${title}.json`, content: `${JSON.stringify({ title, entries: lines }, null, 2)}\n` };
  }
}

/** Every note in the vault whose front matter says it came from a file: the source ids (the file's content hash). */
export async function fileNoteSources(vaultDir: string): Promise<string[]> {
  const ids: string[] = [];
  for (const entry of await readdir(vaultDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.md')) continue;
    const text = await readFile(join(entry.parentPath, entry.name), 'utf8');
    const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
    const source = /^source:\n((?:[ ]{2}.*\n?)+)/m.exec(front)?.[1] ?? '';
    if (/kind: file/.test(source)) ids.push(/^\s+id: (.+)$/m.exec(source)?.[1] ?? '');
  }
  return ids;
}
