#!/usr/bin/env node
/**
 * Runs every demo sample through the real services, as the three agents
 * would, and compares where each one would land with the intent recorded in
 * examples/demo/expected.yaml:
 *
 * - files: file-system-service list_unsorted + read_file (every extraction
 *   must be `ok`), then content-classifier-service classify_content with the
 *   text, title, file name and hints file-system-agent sends;
 * - bookmarks: bookmark-classifier-service parse_bookmarks on the export,
 *   web-scraper-service fetch_page from the local page server, then
 *   classify_bookmark as bookmark-scraper asks it;
 * - Confluence: the OPS space loaded into the local fake Confluence,
 *   confluence-service list_pages + get_page, then classify_content with the
 *   hints confluence-agent sends (space, labels, ancestors).
 *
 * It starts the services with @emm/stack (its own Redis, free ports, a temp
 * data dir), so build them first:
 *
 *   pnpm turbo run build --filter=@emm/stack --filter=jd-classifier-service \
 *     --filter=content-classifier-service --filter=bookmark-classifier-service \
 *     --filter=file-system-service --filter=web-scraper-service --filter=confluence-service
 *   node examples/demo/tools/check-samples.mjs           # prints the comparison
 *   node examples/demo/tools/check-samples.mjs --write   # also records `classifier:` in expected.yaml
 *
 * Exit code 1 when an extraction failed or a sample behaved structurally
 * differently from expected.yaml (a missing page, an invalid bookmark
 * accepted); disagreements of the classifier are reported, not failures.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEMO = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPO = join(DEMO, '..', '..');
const require = createRequire(join(REPO, 'packages', 'stack', 'package.json'));
const { startStack, servePages, startFakeConfluence, FakeSite } = require('./dist/index.js');
const YAML = createRequire(join(REPO, 'packages', 'jd', 'package.json'))('yaml');

/** The placeholder origin of bookmarks.html; replaced by the page server's origin. */
const PAGE_ORIGIN_PLACEHOLDER = 'http://demo-pages.localhost:{{PORT}}';

const write = process.argv.includes('--write');
const expectedPath = join(DEMO, 'expected.yaml');
const expectedDoc = YAML.parseDocument(readFileSync(expectedPath, 'utf8'));
const expected = expectedDoc.toJS();
const problems = [];

/** Loads space.json into a FakeSite: pages parents first, version 1 then each later version as an edit. */
function loadSpace(site, space) {
  site.addSpace({ key: space.space.key, name: space.space.name, description: space.space.description, type: space.space.type });
  for (const user of space.users ?? []) site.addUser(user);
  for (const page of space.pages) {
    const [first, ...later] = page.versions;
    site.addPage({ id: page.id, spaceKey: page.spaceKey, title: page.title, parentId: page.parentId, body: first.body, when: first.when, labels: page.labels, attachments: page.attachments });
    for (const version of later) site.editPage(page.id, version.body, version.when, version.title);
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'emm-demo-check-'));
cpSync(join(DEMO, 'unsorted'), join(dataDir, 'unsorted'), { recursive: true });
const pages = await servePages(join(DEMO, 'bookmarks', 'site'));
const site = new FakeSite();
loadSpace(site, JSON.parse(readFileSync(join(DEMO, 'confluence', 'space.json'), 'utf8')));
const confluence = await startFakeConfluence({ site });
let stack;
try {
  stack = await startStack({
    dataDir,
    services: ['jd-classifier-service', 'content-classifier-service', 'bookmark-classifier-service', 'file-system-service', 'web-scraper-service', 'confluence-service'],
    confluence,
    scraperAllowHosts: [pages.host],
    env: { 'file-system-service': { UNSORTED_SETTLE_MS: '0' }, 'content-classifier-service': { CLASSIFY_CACHE_TTL_MS: '0' } },
    logLevel: 'warn',
  });
  const call = async (app, tool, args) => {
    const response = await fetch(`${stack.baseUrl(app)}/tools/${tool}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` },
      body: JSON.stringify(args),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(`${tool}: ${response.status} ${JSON.stringify(body.error ?? body)}`);
    return body.result;
  };

  const rows = [];
  await checkFiles(call, rows);
  await checkBookmarks(call, rows);
  await checkPages(call, rows);
  report(rows);
  if (write) {
    writeFileSync(expectedPath, expectedDoc.toString({ lineWidth: 0 }));
    console.log(`\nrecorded the classifier's answers in ${expectedPath}`);
  }
} finally {
  await stack?.stop();
  await confluence.stop();
  await pages.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exitCode = 1;
}

// ---- files ---------------------------------------------------------------------

async function checkFiles(call, rows) {
  const listed = [];
  let cursor;
  do {
    const page = await call('file-system-service', 'list_unsorted', { limit: 500, ...(cursor && { cursor }) });
    listed.push(...page.files);
    cursor = page.nextCursor;
  } while (cursor);
  const byPath = new Map(listed.map((file) => [file.path, file]));
  for (const [index, entry] of expected.files.entries()) {
    const file = byPath.get(entry.path);
    byPath.delete(entry.path);
    if (!file) {
      problems.push(`file ${entry.path} is in expected.yaml but not listed in UNSORTED`);
      continue;
    }
    const read = await call('file-system-service', 'read_file', { path: file.path, root: 'unsorted' });
    if (read.extraction.status !== 'ok') problems.push(`file ${file.path}: extraction ${read.extraction.status} ${read.extraction.reason ?? ''}`);
    const tags = Array.isArray(read.frontMatter?.tags) ? read.frontMatter.tags.map(String) : [];
    const hints = [...file.path.split('/').slice(0, -1), ...tags];
    const title = typeof read.metadata.title === 'string' && read.metadata.title.trim() !== '' ? read.metadata.title.trim() : undefined;
    const result = await call('content-classifier-service', 'classify_content', {
      text: read.text ?? '',
      ...(title && { title }),
      file_name: file.name,
      source: 'file',
      ...(hints.length > 0 && { hints }),
    });
    const answer = contentAnswer(result);
    record(['files', index], answer);
    rows.push({ kind: `file (${file.kind}, ${read.chars ?? 0} chars)`, name: entry.path, expect: String(entry.expect), answer });
  }
  for (const path of byPath.keys()) problems.push(`file ${path} is in UNSORTED but not in expected.yaml`);
}

// ---- bookmarks -------------------------------------------------------------------

async function checkBookmarks(call, rows) {
  const exportText = readFileSync(join(DEMO, 'bookmarks', 'bookmarks.html'), 'utf8').replaceAll(PAGE_ORIGIN_PLACEHOLDER, pages.origin);
  const parsed = await call('bookmark-classifier-service', 'parse_bookmarks', { content: exportText });
  const summary = expected.bookmarkExport;
  if (parsed.bookmarks.length !== summary.bookmarks) problems.push(`parse_bookmarks found ${parsed.bookmarks.length} bookmarks, expected.yaml says ${summary.bookmarks}`);
  if (parsed.duplicates !== summary.duplicates) problems.push(`parse_bookmarks found ${parsed.duplicates} duplicates, expected.yaml says ${summary.duplicates}`);
  if (parsed.invalid.length !== summary.invalid) problems.push(`parse_bookmarks found ${parsed.invalid.length} invalid entries, expected.yaml says ${summary.invalid}: ${JSON.stringify(parsed.invalid)}`);
  const byPath = new Map(parsed.bookmarks.map((bookmark) => [new URL(bookmark.url).pathname, bookmark]));
  for (const [index, entry] of expected.bookmarks.entries()) {
    if (entry.expect === 'invalid') {
      const invalid = parsed.invalid.find((candidate) => candidate.url === entry.path);
      if (!invalid) problems.push(`bookmark ${entry.path} should be reported invalid by parse_bookmarks`);
      const answer = invalid ? `invalid (${invalid.reason})` : 'accepted';
      record(['bookmarks', index], answer);
      rows.push({ kind: 'bookmark [invalid]', name: entry.path.slice(0, 40), expect: 'invalid', answer });
      continue;
    }
    const bookmark = byPath.get(entry.path);
    byPath.delete(entry.path);
    if (!bookmark) {
      problems.push(`bookmark ${entry.path} is in expected.yaml but not in the parsed export`);
      continue;
    }
    const page = await call('web-scraper-service', 'fetch_page', { url: bookmark.url });
    let answer;
    if (page.status >= 400) {
      answer = `failed (${page.status})`;
    } else {
      const text = (page.text.trim() || page.description?.trim() || '').slice(0, 50_000);
      const result = await call('bookmark-classifier-service', 'classify_bookmark', {
        url: bookmark.url,
        title: bookmark.title,
        folder_path: bookmark.folder_path,
        ...(text !== '' && { text }),
        tags: bookmark.tags,
      });
      answer = result.needs_review ? `review (${round(result.confidence)}, suggested ${result.jd_id}, by ${result.decided_by})` : `${result.jd_id} (${round(result.confidence)}, by ${result.decided_by})`;
    }
    record(['bookmarks', index], answer);
    rows.push({ kind: `bookmark [${bookmark.folder_path.join('/')}]`, name: entry.path, expect: String(entry.expect), answer });
  }
  for (const path of byPath.keys()) problems.push(`bookmark ${path} was parsed but is not in expected.yaml`);
}

// ---- Confluence -------------------------------------------------------------------

async function checkPages(call, rows) {
  const { spaces } = await call('confluence-service', 'list_spaces', {});
  const space = spaces.find((candidate) => candidate.key === 'OPS');
  const listing = await call('confluence-service', 'list_pages', { spaceKey: 'OPS' });
  const byId = new Map(listing.pages.map((page) => [page.id, page]));
  for (const [index, entry] of expected.pages.entries()) {
    if (!byId.delete(String(entry.id))) {
      problems.push(`page ${entry.id} is in expected.yaml but not listed by confluence-service`);
      continue;
    }
    const page = await call('confluence-service', 'get_page', { id: String(entry.id) });
    const hints = [...new Set([space.name, space.key, ...page.labels, ...page.ancestors.map((ancestor) => ancestor.title)].filter(Boolean))].slice(0, 20);
    const result = await call('content-classifier-service', 'classify_content', { text: page.markdown, title: page.title, source: 'confluence', hints });
    const answer = contentAnswer(result);
    record(['pages', index], answer);
    const macros = page.unknownMacros.length > 0 ? `, unknown macros: ${page.unknownMacros.join(' ')}` : '';
    rows.push({ kind: `page v${page.version}${macros}`, name: `${entry.id} ${page.title}`, expect: String(entry.expect), answer });
  }
  for (const id of byId.keys()) problems.push(`page ${id} is listed by confluence-service but not in expected.yaml`);
}

// ---- comparison ---------------------------------------------------------------------

/** Where file-system-agent and confluence-agent would put it: the review inbox, the ID, or a new ID in the category. */
function contentAnswer(result) {
  const confidence = round(result.confidence);
  if (result.needs_review || result.category === null) return `review (${confidence}, suggested ${result.item?.id ?? result.category?.id ?? 'nothing'})`;
  return `${result.item?.id ?? result.category.id} (${confidence})`;
}

function record(path, answer) {
  expectedDoc.setIn([...path, 'classifier'], answer);
}

function round(value) {
  return (Math.round(value * 100) / 100).toFixed(2);
}

/** `exact`: same ID (or both review, or the same failure); `category`: same category, other or no ID. */
function agreement(expect, answer) {
  if (['failed', 'invalid'].some((word) => expect.startsWith(word) || answer.startsWith(word))) return answer.startsWith(expect) ? 'exact' : 'no';
  const landed = answer.split(' ')[0];
  if (expect === landed) return 'exact';
  if (expect === 'review' || landed === 'review') return 'no';
  return expect.slice(0, 2) === landed.slice(0, 2) ? 'category' : 'no';
}

function report(rows) {
  const width = Math.max(...rows.map((row) => row.name.length));
  const totals = {};
  for (const row of rows) {
    const verdict = agreement(row.expect, row.answer);
    const group = row.kind.split(' ')[0];
    totals[group] ??= { exact: 0, category: 0, no: 0, all: 0 };
    totals[group][verdict] += 1;
    totals[group].all += 1;
    const mark = verdict === 'exact' ? ' ' : verdict === 'category' ? '~' : '✗';
    console.log(`${mark} ${row.name.padEnd(width)}  expect ${row.expect.padEnd(7)} got ${row.answer}   [${row.kind}]`);
  }
  console.log('');
  for (const [group, t] of Object.entries(totals)) {
    console.log(`${group.padEnd(9)} ${t.exact}/${t.all} exact, ${t.exact + t.category}/${t.all} right category, ${t.no} elsewhere`);
  }
}
