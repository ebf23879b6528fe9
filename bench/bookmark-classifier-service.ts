// bookmark-classifier-service: parse_bookmarks on a generated 10,000-entry
// Chrome-style export (nested folders, a favicon per bookmark, entities,
// non-ASCII titles, tracking parameters, 2 % duplicates) — the parser alone
// in-process, and the tool end to end over REST and MCP on a running service.
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { sleep, startRedis } from '@emm/testing';
import { type Figure, mcpToolRequest, percentile, REPO_ROOT, report, restToolRequest, rssMb, startBenchService, type ToolRequest } from './lib.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const BOOKMARKS = 10_000;
const appDir = join(REPO_ROOT, 'apps/bookmark-classifier-service');

const ICON = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAAXNSR0IArs4c6QAAAKVJREFUOE9jZKAQMFKon2HUAIb/DAz/GRgY/jMwMPxnYGD4z8DA8J+BgeE/AwPDfwYGhv8MDAz/GRgY/jMwMPxnYGD4z8DA8J+BgeE/AwPDfwYGhv8MDAz/GRgY/jMwMPxnYGD4z8DA8J+BgeE/AwPDfwYGhv8MDAz/GRgY/jMwMPxnYGD4z8DA8J+BgeE/AwPDfwYGhv8MDAz/GRgY/jMwMPxnYGD4DwDzUx0R5D7f9QAAAABJRU5ErkJggg==';
const TOPICS = ['Dev', 'Rezepte & Küche', 'Travel', 'Finance', 'Reading', '写真', 'Music', 'Garden', 'Work', 'Health'];

/** A Chrome export: bookmark bar → topic folder → sub-folder → up to 50 bookmarks. */
function generateExport(count: number, withIcons: boolean): string {
  const lines = [
    '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
    '<!-- This is an automatically generated file.\n     It will be read and overwritten.\n     DO NOT EDIT! -->',
    '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
    '<TITLE>Bookmarks</TITLE>',
    '<H1>Bookmarks</H1>',
    '<DL><p>',
    '    <DT><H3 ADD_DATE="1689012345" LAST_MODIFIED="1712345678" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>',
    '    <DL><p>',
  ];
  for (let i = 0; i < count; i++) {
    if (i % 50 === 0) {
      if (i > 0) lines.push('            </DL><p>', '        </DL><p>');
      const topic = TOPICS[Math.floor(i / 50) % TOPICS.length];
      lines.push(`        <DT><H3 ADD_DATE="1690000000" LAST_MODIFIED="1700000000">${topic}</H3>`, '        <DL><p>');
      lines.push(`            <DT><H3 ADD_DATE="1690000001" LAST_MODIFIED="1700000001">${topic} ${Math.floor(i / 50)}</H3>`, '            <DL><p>');
    }
    const n = i % 50 === 49 ? i - 17 : i; // every 50th bookmark repeats an earlier page
    const icon = withIcons ? ` ICON="${ICON}"` : '';
    lines.push(
      `                <DT><A HREF="https://www.site${n % 1499}.example.com/section/${n}/article-${n}.html?utm_source=newsletter&amp;utm_medium=email&amp;page=${n % 7}&amp;fbclid=IwAR${n}" ADD_DATE="${1_690_000_000 + i}"${icon}>Article ${i} &amp; notes – “Überblick” ${TOPICS[i % TOPICS.length]} &#8211; ${n}</A>`,
    );
  }
  lines.push('            </DL><p>', '        </DL><p>', '    </DL><p>', '</DL><p>');
  return `${lines.join('\n')}\n`;
}

interface Parsed {
  bookmarks: unknown[];
  duplicates: number;
  invalid: unknown[];
}

const require = createRequire(import.meta.url);
const { parseBookmarks } = require(join(appDir, 'dist/bookmarks/parse-bookmarks.js')) as {
  parseBookmarks: (content: string, options: { maxInputBytes: number }) => Parsed;
};

/** Runs `work` RUNS times after warm-up; returns sorted durations in ms (wall) and CPU ms. */
async function measure(work: () => unknown | Promise<unknown>): Promise<{ wall: number[]; cpu: number[] }> {
  for (let i = 0; i < 3; i++) await work();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await work();
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}

const withIcons = generateExport(BOOKMARKS, true);
const plain = generateExport(BOOKMARKS, false);
const check = parseBookmarks(withIcons, { maxInputBytes: 1e9 });
if (check.bookmarks.length + check.duplicates !== BOOKMARKS || check.invalid.length > 0) {
  throw new Error(`generated export parsed to ${check.bookmarks.length} bookmarks + ${check.duplicates} duplicates, ${check.invalid.length} invalid`);
}

const inProcessIcons = await measure(() => parseBookmarks(withIcons, { maxInputBytes: 1e9 }));
const inProcessPlain = await measure(() => parseBookmarks(plain, { maxInputBytes: 1e9 }));

const redis = await startRedis();
const { proc: service, url: base, readyMs } = await startBenchService('bookmark-classifier-service', { REDIS_URL: redis.url });

try {
  await sleep(1_000);
  const idleRss = await rssMb(service.pid);
  const call = async ({ url, method, headers, body }: ToolRequest) => {
    const res = await fetch(url, { method, headers, body });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    await res.arrayBuffer();
  };
  const restCall = restToolRequest(base, 'parse_bookmarks', { content: withIcons });
  const mcpCall = mcpToolRequest(base, 'parse_bookmarks', { content: withIcons });
  const rest = await measure(() => call(restCall));
  const mcp = await measure(() => call(mcpCall));
  const peakRss = await rssMb(service.pid);

  const mb = (text: string) => Math.round((Buffer.byteLength(text) / 2 ** 20) * 100) / 100;
  const figures: Figure[] = [
    { name: 'parse 10,000 bookmarks with favicons, in-process, p50', value: percentile(inProcessIcons.wall, 0.5), unit: 'ms', target: '<= 250' },
    { name: 'parse 10,000 bookmarks with favicons, in-process, max', value: percentile(inProcessIcons.wall, 1), unit: 'ms', target: '<= 1000' },
    { name: 'parse 10,000 bookmarks with favicons, in-process CPU, p50', value: percentile(inProcessIcons.cpu, 0.5), unit: 'ms' },
    { name: 'parse 10,000 bookmarks without favicons, in-process, p50', value: percentile(inProcessPlain.wall, 0.5), unit: 'ms', target: '<= 250' },
    { name: 'parse_bookmarks REST (10,000, favicons), p50', value: percentile(rest.wall, 0.5), unit: 'ms', target: '<= 1000' },
    { name: 'parse_bookmarks REST (10,000, favicons), max', value: percentile(rest.wall, 1), unit: 'ms' },
    { name: 'parse_bookmarks MCP (10,000, favicons), p50', value: percentile(mcp.wall, 0.5), unit: 'ms', target: '<= 1000' },
    { name: 'parse_bookmarks MCP (10,000, favicons), max', value: percentile(mcp.wall, 1), unit: 'ms' },
    { name: 'export size with favicons', value: mb(withIcons), unit: 'MiB' },
    { name: 'export size without favicons', value: mb(plain), unit: 'MiB' },
    { name: 'process start to ready', value: readyMs, unit: 'ms', target: '<= 2000' },
    { name: 'idle RSS', value: idleRss, unit: 'MB', target: '<= 150' },
    { name: 'RSS after the parse runs', value: peakRss, unit: 'MB' },
  ];
  await report('bookmark-classifier-service', figures, {
    runs: RUNS,
    bookmarks: BOOKMARKS,
    kept: check.bookmarks.length,
    duplicates: check.duplicates,
    note: 'in-process = the parser from apps/bookmark-classifier-service/dist; REST/MCP = one client, sequential calls, loopback, body carries the whole export',
    // Wall-clock figures inflate on a busy machine; the CPU figure does not.
    loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100),
  });
} finally {
  await service.stop();
  await redis.stop();
}
