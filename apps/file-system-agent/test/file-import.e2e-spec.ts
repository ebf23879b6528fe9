import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import request from 'supertest';
import { PermanentItemError } from '@emm/agent-runtime';
import { loadConfig } from '@emm/config';
import type { McpClient } from '@emm/mcp';
import type { Stack } from '@emm/stack';
import { filesUnder, sleep, waitFor } from '@emm/testing';
import { AppModule } from '../src/app.module';
import { appConfigSchema } from '../src/config';
import { fileItemKey } from '../src/file-import/file-item';
import { EMPTY_FILE_REASON, FileImportWorkflow } from '../src/file-import/file-import.workflow';
import {
  put,
  putFixture,
  readNote,
  snapshot,
  stackClients,
  startImportStack,
  startWebhookReceiver,
  type WebhookReceiver,
  workflowContext,
} from './support';

// file-import end to end: the agent (its real AppModule, in this process)
// against jd-classifier, content-classifier, file-system and notifications
// running as separate processes with one real Redis, on a small realistic
// UNSORTED folder. The classifier is the built-in heuristic, which is
// deterministic: where each file lands is part of what is asserted.

const INBOX = '00-09 System/00 Index and inbox/00.01 Review inbox';
const STATEMENTS = '10-19 Finance/11 Banking/11.01 Statements';
const TAX_RETURNS = '10-19 Finance/13 Taxes/13.01 Tax returns';
const LEASE = '20-29 Home and life/21 Housing/21.01 Lease and mortgage';
const ENERGY = '20-29 Home and life/22 Utilities/22.01 Energy';
const CAR_PAPERS = '20-29 Home and life/23 Vehicles/23.01 Car papers';
/** Allocated by the run: Vehicles fits the helmet, none of its IDs does. */
const VEHICLES_IMPORTED = '20-29 Home and life/23 Vehicles/23.03 Imported files';
const STATUS_REPORTS = '30-39 Work/34 Reports/34.01 Status reports';

const LETTER =
  'From: Lindenstrasse Property Management\nSubject: Rent increase for your flat from 1 May 2026\n\nDear tenant,\n\nyour rent for the flat at Lindenstrasse 4 will rise by 20 EUR per month from 1 May 2026, as the tenancy agreement allows.\n\nKind regards,\nyour landlord\n';
const COMMUTE = 'Bicycle commute log\n\nRode the bike to work 14 times in March; total mileage 230 km. The bicycle needs new brake pads and a brighter front light before winter. The motorbike stays in the garage until spring.\n';
const HELMET = 'Bike helmet\n\nThe new cycling helmet for the bicycle rides fits well; the old bike helmet goes to recycling.\n';

/** A realistic UNSORTED: documents of every kind, a broken PDF, an image, garbage, an empty file, one too big to read. */
function fillUnsorted(unsorted: string): void {
  putFixture(unsorted, 'statement.pdf', 'statement.pdf');
  putFixture(unsorted, 'report.docx', 'report.docx');
  putFixture(unsorted, 'scans/truncated.pdf', 'truncated.pdf');
  putFixture(unsorted, 'electricity-bill.html', 'article.html');
  putFixture(unsorted, 'contacts.csv', 'contacts.csv');
  putFixture(unsorted, 'tax-notes.md', 'tax-notes.md');
  putFixture(unsorted, 'pixel.png', 'pixel.png');
  put(unsorted, 'letter.txt', LETTER);
  put(unsorted, 'bike/commute.txt', COMMUTE);
  put(unsorted, 'bike/helmet.txt', HELMET);
  put(unsorted, 'garbage.bin', Buffer.from([0, 1, 2, 3, 250, 251, 252, 0, 0, 7]));
  put(unsorted, 'archive/big-notes.txt', 'word '.repeat(14_000));
  put(unsorted, 'empty.txt', '');
}

const EXPECTED_VAULT = [
  `${INBOX}/big notes.md`,
  `${INBOX}/big-notes.txt`,
  `${INBOX}/contacts.csv`,
  `${INBOX}/contacts.md`,
  `${INBOX}/garbage.bin`,
  `${INBOX}/garbage.md`,
  `${INBOX}/pixel.md`,
  `${INBOX}/pixel.png`,
  `${INBOX}/truncated.md`,
  `${INBOX}/truncated.pdf`,
  `${STATEMENTS}/Account statement March 2026.md`,
  `${STATEMENTS}/statement.pdf`,
  `${TAX_RETURNS}/Tax return 2025.md`,
  `${TAX_RETURNS}/tax-notes.md`,
  `${LEASE}/Rent increase for your flat from 1 May 2026.md`,
  `${LEASE}/letter.txt`,
  `${ENERGY}/How to read your electricity bill.md`,
  `${ENERGY}/electricity-bill.html`,
  `${CAR_PAPERS}/Bicycle commute log.md`,
  `${CAR_PAPERS}/commute.txt`,
  `${VEHICLES_IMPORTED}/Bike helmet.md`,
  `${VEHICLES_IMPORTED}/helmet.txt`,
  `${STATUS_REPORTS}/Quarterly project report Q1 2026.md`,
  `${STATUS_REPORTS}/report.docx`,
];

const HEURISTIC = { provider: 'heuristic', model: 'jd-scorer-v1' };

interface RunBody {
  id: string;
  state: string;
  counts: Record<string, number>;
  items: Array<{ key: string; label: string; status: string; notePath?: string; detail?: string; error?: string; data?: Record<string, unknown> }>;
}

let hook: WebhookReceiver;
let stack: Stack;
let agent: INestApplication;
let api: string;

beforeAll(async () => {
  hook = await startWebhookReceiver();
  stack = await startImportStack(mkdtempSync(join(tmpdir(), 'file-import-e2e-')), hook.url);
  const config = loadConfig(appConfigSchema, {
    ...stack.clientEnv,
    LOG_LEVEL: 'silent',
    SHUTDOWN_DRAIN_MS: '0',
    ITEM_BACKOFF_MS: '100',
    WORKER_CONCURRENCY: '4',
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  agent = moduleRef.createNestApplication({ logger: false });
  await agent.listen(0, '127.0.0.1');
  api = (await agent.getUrl()).replace('[::1]', '127.0.0.1');
}, 120_000);

afterAll(async () => {
  await agent?.close();
  await stack?.stop();
  await hook?.close();
});

async function run(input: Record<string, unknown>): Promise<RunBody> {
  const started = await request(api).post('/runs').set('authorization', `Bearer ${stack.token}`).send({ workflow: 'file-import', input });
  expect(started.status).toBe(202);
  const id = (started.body as { id: string }).id;
  let body: RunBody | undefined;
  await waitFor(
    async () => {
      body = (await request(api).get(`/runs/${id}`).set('authorization', `Bearer ${stack.token}`)).body as RunBody;
      return ['completed', 'completed_with_errors', 'failed', 'cancelled'].includes(body.state);
    },
    { timeoutMs: 45_000, intervalMs: 200 },
  );
  return body!;
}

function outcomes(body: RunBody): Record<string, Pick<RunBody['items'][number], 'status' | 'notePath' | 'error'>> {
  return Object.fromEntries(body.items.map((item) => [item.label, { status: item.status, ...(item.notePath && { notePath: item.notePath }), ...(item.error && { error: item.error }) }]));
}

function hashOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function source(path: string, content: Buffer | string) {
  const hash = hashOf(Buffer.from(content));
  return { kind: 'file', id: hash, path, hash };
}

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const times = { created: expect.any(String), updated: expect.any(String) };

describe('file-import through the run API', () => {
  it('files every file next to its note in its JD folder; the empty file fails alone with its reason; one summary is sent', async () => {
    fillUnsorted(stack.unsortedDir);
    const body = await run({});

    expect(body.state).toBe('completed_with_errors');
    expect(body.counts).toEqual({ total: 13, pending: 0, done: 7, failed: 1, skipped: 0, needsReview: 5 });
    expect(outcomes(body)).toEqual({
      'statement.pdf': { status: 'done', notePath: `${STATEMENTS}/Account statement March 2026.md` },
      'report.docx': { status: 'done', notePath: `${STATUS_REPORTS}/Quarterly project report Q1 2026.md` },
      'electricity-bill.html': { status: 'done', notePath: `${ENERGY}/How to read your electricity bill.md` },
      'tax-notes.md': { status: 'done', notePath: `${TAX_RETURNS}/Tax return 2025.md` },
      'letter.txt': { status: 'done', notePath: `${LEASE}/Rent increase for your flat from 1 May 2026.md` },
      'bike/commute.txt': { status: 'done', notePath: `${CAR_PAPERS}/Bicycle commute log.md` },
      'bike/helmet.txt': { status: 'done', notePath: `${VEHICLES_IMPORTED}/Bike helmet.md` },
      'scans/truncated.pdf': { status: 'needs_review', notePath: `${INBOX}/truncated.md` },
      'contacts.csv': { status: 'needs_review', notePath: `${INBOX}/contacts.md` },
      'pixel.png': { status: 'needs_review', notePath: `${INBOX}/pixel.md` },
      'garbage.bin': { status: 'needs_review', notePath: `${INBOX}/garbage.md` },
      'archive/big-notes.txt': { status: 'needs_review', notePath: `${INBOX}/big notes.md` },
      'empty.txt': { status: 'failed', error: EMPTY_FILE_REASON },
    });

    // Nothing left behind but the file that has nothing to file.
    expect(filesUnder(stack.vaultDir)).toEqual(EXPECTED_VAULT);
    expect(filesUnder(stack.unsortedDir)).toEqual(['empty.txt']);
    // Originals are moved, not changed.
    expect(readFileSync(join(stack.vaultDir, STATEMENTS, 'statement.pdf'))).toEqual(fixture('statement.pdf'));

    const statement = readNote(stack.vaultDir, `${STATEMENTS}/Account statement March 2026.md`);
    expect(statement.frontMatter).toEqual({
      title: 'Account statement March 2026',
      jd_id: '11.01',
      jd_path: STATEMENTS,
      source: source('statement.pdf', fixture('statement.pdf')),
      classifier: HEURISTIC,
      confidence: 0.91,
      needs_review: false,
      tags: ['statements', 'account-statement', 'balance', 'closing-balance', 'direct-debit', 'opening-balance'],
      original: `${STATEMENTS}/statement.pdf`,
      file: { name: 'statement.pdf', kind: 'pdf', media_type: 'application/pdf', size: 4768 },
      ...times,
    });
    expect(statement.body).toContain(`![[${STATEMENTS}/statement.pdf]]\n\nOriginal: [[${STATEMENTS}/statement.pdf|statement.pdf]] (application/pdf, 4.7 KiB)`);
    expect(statement.body).toContain('## Text\n\nExample Bank AG\n');
    expect(statement.body).toContain('Closing balance: 3,870.61 EUR');

    // A new ID, allocated once for the category: the name every such file of Vehicles shares.
    expect(readNote(stack.vaultDir, `${VEHICLES_IMPORTED}/Bike helmet.md`).frontMatter).toMatchObject({
      jd_id: '23.03',
      jd_path: VEHICLES_IMPORTED,
      source: source('bike/helmet.txt', HELMET),
      needs_review: false,
      original: `${VEHICLES_IMPORTED}/helmet.txt`,
    });

    // A broken PDF is kept and noted, for a person: no text, filed by its name, with the reason.
    const truncated = readNote(stack.vaultDir, `${INBOX}/truncated.md`);
    expect(truncated.frontMatter).toEqual({
      title: 'truncated',
      jd_id: '00.01',
      jd_path: INBOX,
      source: source('scans/truncated.pdf', fixture('truncated.pdf')),
      classifier: HEURISTIC,
      confidence: 0,
      needs_review: true,
      tags: [],
      original: `${INBOX}/truncated.pdf`,
      file: { name: 'truncated.pdf', kind: 'pdf', media_type: 'application/pdf', size: 1589 },
      review_reason: 'its text could not be extracted, so it was classified by its name alone',
      extraction: { status: 'failed', reason: expect.stringMatching(/^The text could not be extracted: not a readable PDF/) },
      ...times,
    });
    expect(truncated.body).toContain('> [!warning] No text\n> The text could not be extracted: not a readable PDF');

    // Too big to read: kept, noted by name, with what the classifier guessed.
    expect(readNote(stack.vaultDir, `${INBOX}/big notes.md`).frontMatter).toMatchObject({
      needs_review: true,
      review_reason: 'it is too large to read, so it was classified by its name alone',
      extraction: { status: 'not_read', reason: 'Too large to read (68.4 KiB, over the READ_MAX_BYTES of file-system-service)' },
      suggested: { jd_id: '01.01', jd_path: '00-09 System/01 Templates/01.01 Note templates' },
    });

    // A binary with nothing to extract: a link to it, no text.
    const garbage = readNote(stack.vaultDir, `${INBOX}/garbage.md`);
    expect(garbage.frontMatter).toMatchObject({ review_reason: 'nothing in the JD structure fits', file: { name: 'garbage.bin', kind: 'binary', media_type: 'application/octet-stream', size: 10 } });
    expect(garbage.body).toBe(`Original: [[${INBOX}/garbage.bin|garbage.bin]] (application/octet-stream, 10 B)\n`);
    expect(readNote(stack.vaultDir, `${INBOX}/pixel.md`).body).toContain(`![[${INBOX}/pixel.png]]`);

    // Data is named after its file and summarised by its shape.
    const contacts = readNote(stack.vaultDir, `${INBOX}/contacts.md`);
    expect(contacts.frontMatter.title).toBe('contacts');
    expect(contacts.body).toContain('A table of 3 rows (header included) and 3 columns: Name | Stadt | Telefon.');
    expect(contacts.body).toContain('```csv\nName;Stadt;Telefon\n');

    // A Markdown original is a note itself: embedded, its own tags kept.
    const tax = readNote(stack.vaultDir, `${TAX_RETURNS}/Tax return 2025.md`);
    expect(tax.frontMatter.tags).toEqual(['tax-return', 'tax']);
    expect(tax.body).toContain(`![[${TAX_RETURNS}/tax-notes.md]]`);

    // Every note points at the original next to it and names where it came from.
    for (const notePath of EXPECTED_VAULT.filter((path) => path.endsWith('.md') && !path.endsWith('tax-notes.md'))) {
      const { frontMatter } = readNote(stack.vaultDir, notePath);
      expect(EXPECTED_VAULT).toContain(frontMatter.original);
      expect((frontMatter.original as string).startsWith(`${frontMatter.jd_path as string}/`)).toBe(true);
    }

    await waitFor(() => hook.received.length >= 1, { timeoutMs: 15_000 });
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]).toMatchObject({ title: 'File import: 7 filed, 5 to review, 1 failed', severity: 'warning', dedupeKey: `file-import:${body.id}:0` });
    expect(hook.received[0].message).toContain('**13 files** from UNSORTED: 7 filed, 5 sent to the review inbox, 0 skipped, 1 failed.');
    expect(hook.received[0].message).toContain('The review inbox holds 5 notes waiting for a decision.');
    expect(hook.received[0].message).toContain(`- ${INBOX}: 5`);
    expect(hook.received[0].message).toContain(`- \`empty.txt\`: ${EMPTY_FILE_REASON}`);
  }, 60_000);

  it('changes nothing on a second run: no note written, no file moved, the empty file fails again with the same reason', async () => {
    const vaultBefore = snapshot(stack.vaultDir);
    const body = await run({});

    expect(body.counts).toEqual({ total: 1, pending: 0, done: 0, failed: 1, skipped: 0, needsReview: 0 });
    expect(outcomes(body)).toEqual({ 'empty.txt': { status: 'failed', error: EMPTY_FILE_REASON } });
    expect(snapshot(stack.vaultDir)).toEqual(vaultBefore);
    expect(filesUnder(stack.unsortedDir)).toEqual(['empty.txt']);

    await waitFor(() => hook.received.length >= 2, { timeoutMs: 15_000 });
    expect(hook.received[1]).toMatchObject({ title: 'File import: 0 filed, 1 failed', severity: 'error' });
  }, 60_000);

  it('lets a copy of an imported file join its original: skipped, no second note, nothing left in UNSORTED', async () => {
    const vaultBefore = snapshot(stack.vaultDir);
    putFixture(stack.unsortedDir, 'downloads/statement (1).pdf', 'statement.pdf');
    const body = await run({ prefix: 'downloads' });

    expect(body.counts).toEqual({ total: 1, pending: 0, done: 0, failed: 0, skipped: 1, needsReview: 0 });
    expect(body.items[0]).toMatchObject({
      label: 'downloads/statement (1).pdf',
      status: 'skipped',
      notePath: `${STATEMENTS}/Account statement March 2026.md`,
      detail: `already imported as ${STATEMENTS}/Account statement March 2026.md; this copy had the same content and joined ${STATEMENTS}/statement.pdf`,
    });
    expect(snapshot(stack.vaultDir)).toEqual(vaultBefore);
    expect(filesUnder(stack.unsortedDir)).toEqual(['empty.txt']);

    // Nothing new was filed and nothing failed: no notification for this run.
    await sleep(1_500);
    expect(hook.received).toHaveLength(2);
  }, 60_000);

  it('refuses bad input naming the field and the rule', async () => {
    const response = await request(api)
      .post('/runs')
      .set('authorization', `Bearer ${stack.token}`)
      .send({ workflow: 'file-import', input: { prefix: '../vault', limit: 0 } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('must be a folder inside UNSORTED (no . or .. segments)');
    expect(JSON.stringify(response.body)).toContain('limit');
  });
});

describe('FileImportWorkflow step by step, against the same services', () => {
  let redis: Redis;
  let clients: ReturnType<typeof stackClients>;
  const settings = { agent: 'file-system-agent', classifyMaxChars: 100_000, noteMaxChars: 50_000, newIdName: 'Imported files' };
  const workflow = (files?: McpClient<'file-system'>) => new FileImportWorkflow(files ?? clients.files, clients.classifier, clients.jd, clients.notifier, redis, settings);

  beforeAll(() => {
    redis = new Redis(stack.redisUrl);
    clients = stackClients(stack);
  });

  afterAll(async () => {
    await redis.quit();
    await Promise.all(Object.values(clients).map((client) => client.close()));
  });

  /** Notes anywhere in the vault made from this content. */
  function notesOf(content: string): string[] {
    const hash = hashOf(Buffer.from(content));
    return filesUnder(stack.vaultDir).filter((path) => path.endsWith('.md') && (readNote(stack.vaultDir, path).frontMatter.source as { id?: string } | undefined)?.id === hash);
  }

  /** Files in the vault with exactly these bytes. */
  function copiesOf(content: string): string[] {
    return filesUnder(stack.vaultDir).filter((path) => readFileSync(join(stack.vaultDir, path)).equals(Buffer.from(content)));
  }

  it('plans only the files under prefix, at most limit, in path order', async () => {
    for (const name of ['c', 'a', 'b']) put(stack.unsortedDir, `batch/${name}.txt`, `Batch file ${name}`);
    put(stack.unsortedDir, 'batch-other/d.txt', 'Not in the batch');
    try {
      const planned = await workflow().plan({ prefix: 'batch', limit: 2 }, workflowContext('plan-run'));
      expect(planned.items.map((item) => item.label)).toEqual(['batch/a.txt', 'batch/b.txt']);
      expect(planned.rejected).toEqual([]);
      expect(planned.items[0]).toMatchObject({ key: fileItemKey('batch/a.txt', hashOf(Buffer.from('Batch file a'))), payload: { name: 'a.txt', kind: 'text', size: 12 } });
    } finally {
      rmSync(join(stack.unsortedDir, 'batch'), { recursive: true });
      rmSync(join(stack.unsortedDir, 'batch-other'), { recursive: true });
    }
  });

  const crashPoints = [
    { when: 'after deciding, before the move', tool: 'move_to_vault', at: 'before' },
    { when: 'after the move, before the note', tool: 'write_note', at: 'before' },
    { when: 'after the note, before recording it', tool: 'write_note', at: 'after' },
  ] as const;

  it.each(crashPoints)('recovers from a worker that died $when: the retry writes the note exactly once', async ({ tool, at }) => {
    const folder = `crash-${tool}-${at}`;
    const content = `Recipe: lentil soup (${folder})\n\nIngredients: 200 g red lentils, 1 onion, 2 carrots. Simmer for 25 minutes, season and serve; serves four for dinner.\n`;
    put(stack.unsortedDir, `${folder}/soup.txt`, content);
    const context = workflowContext(`run-${folder}`);
    const [item] = (await workflow().plan({ prefix: folder }, context)).items;

    await expect(workflow(dyingAt(clients.files, tool, at)).processItem(item, context)).rejects.toThrow('worker died');
    const retried = await workflow().processItem(item, context);

    expect(retried).toMatchObject({ status: 'done', notePath: expect.stringMatching(/^20-29 Home and life\/25 Recipes and cooking\/25\.01 Main dishes\//) });
    expect(notesOf(content)).toEqual([retried.notePath]);
    expect(copiesOf(content)).toEqual([retried.data?.original]);
    expect(filesUnder(stack.unsortedDir)).not.toContain(`${folder}/soup.txt`);

    // And once more, as a redelivered job: still one note, nothing moved.
    const again = await workflow().processItem(item, context);
    expect(again).toMatchObject({ status: 'done', notePath: retried.notePath, data: { note: 'unchanged' } });
    expect(notesOf(content)).toEqual([retried.notePath]);
  });

  it('files two copies of one content in the same run once: one note, one original, the other copy reported as a duplicate', async () => {
    const content = 'Packing list for the trip to Lisbon: passport, boarding pass, hotel booking confirmation, travel adapter.\n';
    put(stack.unsortedDir, 'twins/packing list.txt', content);
    put(stack.unsortedDir, 'twins/packing list (copy).txt', content);
    const context = workflowContext('run-twins');
    const { items } = await workflow().plan({ prefix: 'twins' }, context);
    expect(items).toHaveLength(2);

    const results = await Promise.all(items.map((item) => workflow().processItem(item, context)));

    expect(results.map((result) => result.status).sort()).toEqual(['done', 'skipped']);
    const filed = results.find((result) => result.status === 'done');
    expect(notesOf(content)).toEqual([filed?.notePath]);
    expect(copiesOf(content)).toEqual([filed?.data?.original]);
    expect(filesUnder(stack.unsortedDir).filter((path) => path.startsWith('twins/'))).toEqual([]);
  });

  it('skips a file that left UNSORTED before anything happened to it', async () => {
    put(stack.unsortedDir, 'vanishing/gone.txt', 'Here a moment ago');
    const context = workflowContext('run-vanishing');
    const [item] = (await workflow().plan({ prefix: 'vanishing' }, context)).items;
    rmSync(join(stack.unsortedDir, 'vanishing'), { recursive: true });
    expect(await workflow().processItem(item, context)).toEqual({ status: 'skipped', detail: 'no longer in UNSORTED: moved or deleted before it could be imported' });
  });

  it('fails an item that cannot be read at all permanently, naming the reason', async () => {
    mkdirSync(join(stack.unsortedDir, 'odd', 'folder.txt'), { recursive: true });
    const item = { key: 'file:odd', label: 'odd/folder.txt', payload: { path: 'odd/folder.txt', name: 'folder.txt', hash: `sha256:${'e'.repeat(64)}`, kind: 'text' as const, size: 1, mediaType: 'text/plain' } };
    const attempt = workflow().processItem(item, workflowContext('run-odd'));
    await expect(attempt).rejects.toThrow(PermanentItemError);
    await expect(workflow().processItem(item, workflowContext('run-odd'))).rejects.toThrow(/^cannot be read: path: odd\/folder\.txt is a (directory|folder)/);
    rmSync(join(stack.unsortedDir, 'odd'), { recursive: true });
  });
});

/**
 * The file-system client of a worker that dies once at `tool`: before the call
 * reaches the service, or after the service did the work but before the
 * worker could go on. The retry starts afresh, as after a real crash.
 */
function dyingAt(files: McpClient<'file-system'>, tool: string, at: 'before' | 'after'): McpClient<'file-system'> {
  let died = false;
  const call: McpClient<'file-system'>['call'] = async (contract, args, options) => {
    const dies = !died && contract.name === tool;
    if (dies && at === 'before') {
      died = true;
      throw new Error('worker died');
    }
    const result = await files.call(contract, args, options);
    if (dies) {
      died = true;
      throw new Error('worker died');
    }
    return result;
  };
  return new Proxy(files, { get: (target, property) => (property === 'call' ? call : Reflect.get(target, property)) as unknown });
}
