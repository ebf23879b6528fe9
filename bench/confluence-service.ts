// confluence-service: get_page conversion throughput on a 200 KB storage-format
// page — the converter alone (in process, parse + render) and get_page end to
// end over REST (service process → local Confluence Cloud v2 stand-in → Markdown).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startRedis } from '@emm/testing';
import { assertRunsSucceeded, type Figure, load, percentile, REPO_ROOT, report, restToolRequest, startBenchService, warmUp } from './lib.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const TARGET_BYTES = 200 * 1024;
const appDir = join(REPO_ROOT, 'apps/confluence-service');

/** A page as people write them: every element the converter handles, repeated until it is 200 KB. */
function storagePage(targetBytes: number): string {
  const sections: string[] = [];
  for (let i = 1; sections.join('').length < targetBytes; i++) {
    sections.push(
      `<h2>Section ${i}: release &amp; rollout</h2>`,
      `<p>Paragraph with <strong>bold</strong>, <em>italic</em>, <code>inline_code()</code>, a <a href="https://example.com/docs/${i}">link</a> and a mention of <ac:link><ri:user ri:account-id="acc-${i % 5}" /></ac:link>; see <ac:link><ri:page ri:content-title="Design ${i}" /></ac:link>.</p>`,
      `<ul><li><p>First point ${i}</p><ul><li>nested detail</li><li>another <s>old</s> detail</li></ul></li><li>Second point</li></ul>`,
      `<ol><li>Step one</li><li>Step two with <ac:structured-macro ac:name="status"><ac:parameter ac:name="title">DONE</ac:parameter></ac:structured-macro></li></ol>`,
      `<table><tbody><tr><th><p>Name</p></th><th><p>Value</p></th><th><p>Notes</p></th></tr>${Array.from({ length: 4 }, (_, r) => `<tr><td><p>row ${r}</p></td><td><p>${r * i}</p></td><td><p>a | b</p></td></tr>`).join('')}</tbody></table>`,
      `<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">typescript</ac:parameter><ac:plain-text-body><![CDATA[export function step${i}(input: string): number {\n  return input.length * ${i};\n}]]></ac:plain-text-body></ac:structured-macro>`,
      `<ac:structured-macro ac:name="${['info', 'note', 'warning', 'tip'][i % 4]}"><ac:parameter ac:name="title">Heads up ${i}</ac:parameter><ac:rich-text-body><p>Callout body with <strong>emphasis</strong>.</p></ac:rich-text-body></ac:structured-macro>`,
      `<ac:task-list><ac:task><ac:task-id>${i}</ac:task-id><ac:task-status>${i % 2 ? 'complete' : 'incomplete'}</ac:task-status><ac:task-body>Task ${i} for <ac:link><ri:user ri:account-id="acc-${i % 5}" /></ac:link></ac:task-body></ac:task></ac:task-list>`,
      `<p><ac:image ac:alt="diagram ${i}"><ri:attachment ri:filename="diagram.png" /></ac:image></p>`,
      `<ac:structured-macro ac:name="unknown-widget-${i % 3}"><ac:parameter ac:name="title">Widget ${i}</ac:parameter></ac:structured-macro>`,
    );
  }
  return sections.join('\n');
}

const page = storagePage(TARGET_BYTES);
const pageBytes = Buffer.byteLength(page);

// ---- 1. the converter alone --------------------------------------------------
const require = createRequire(import.meta.url);
const { StorageDocument } = require(join(appDir, 'dist/storage/index.js')) as typeof import('../apps/confluence-service/src/storage/index.ts');
const names = new Map(Array.from({ length: 5 }, (_, i) => [`acc-${i}`, `User ${i}`]));
const context = {
  userName: (ref: { accountId?: string }) => names.get(ref.accountId ?? ''),
  attachments: [{ filename: 'diagram.png', downloadUrl: 'https://example.atlassian.net/wiki/download/attachments/1/diagram.png?version=1', mediaType: 'image/png', fileSize: 48_000 }],
};
const convertOnce = (): number => {
  const started = performance.now();
  StorageDocument.parse(page).toMarkdown(context);
  return performance.now() - started;
};
const markdownBytes = Buffer.byteLength(StorageDocument.parse(page).toMarkdown(context).markdown);
for (let i = 0; i < 20; i++) convertOnce();
const conversions: number[] = [];
const convertUntil = performance.now() + DURATION_S * 1000;
while (performance.now() < convertUntil) conversions.push(convertOnce());
conversions.sort((a, b) => a - b);
const totalConvertS = conversions.reduce((sum, ms) => sum + ms, 0) / 1000;
const pagesPerSecond = Math.round((conversions.length / totalConvertS) * 10) / 10;

// ---- 2. get_page end to end ----------------------------------------------------
/** Just enough of Confluence Cloud REST API v2 for get_page of page 1 (the wire format the service's tests check in full). */
const confluence = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const json = (body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (path === '/wiki/api/v2/pages/1') {
    return json({ id: '1', title: 'Big page', spaceId: '10', parentId: null, version: { number: 3, createdAt: '2024-05-01T10:00:00.000Z' }, body: { storage: { representation: 'storage', value: page } }, _links: { webui: '/spaces/BIG/pages/1/Big+page' } });
  }
  if (path === '/wiki/api/v2/spaces/10') return json({ id: '10', key: 'BIG', name: 'Big', _links: { webui: '/spaces/BIG' } });
  if (path === '/wiki/api/v2/spaces') return json({ results: [{ id: '10', key: 'BIG', name: 'Big' }], _links: {} });
  if (path === '/wiki/api/v2/pages/1/labels') return json({ results: [{ name: 'bench', prefix: 'global' }], _links: {} });
  if (path === '/wiki/api/v2/pages/1/attachments') {
    return json({ results: [{ id: 'att1', title: 'diagram.png', mediaType: 'image/png', fileSize: 48_000, downloadLink: '/download/attachments/1/diagram.png?version=1&api=v2' }], _links: {} });
  }
  if (path === '/wiki/api/v2/users-bulk') return json({ results: [...names].map(([accountId, displayName]) => ({ accountId, displayName })) });
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end('{"errors":[{"status":404,"title":"Not Found"}]}');
});
await new Promise<void>((resolve) => confluence.listen(0, '127.0.0.1', resolve));
const confluenceUrl = `http://127.0.0.1:${(confluence.address() as AddressInfo).port}`;

const redis = await startRedis();
const { proc: service, url: base } = await startBenchService('confluence-service', {
  REDIS_URL: redis.url,
  CONFLUENCE_FLAVOR: 'cloud',
  CONFLUENCE_BASE_URL: confluenceUrl,
  CONFLUENCE_EMAIL: 'bench@example.com',
  CONFLUENCE_API_TOKEN: 'bench-token',
});

try {
  const getPage = restToolRequest(base, 'get_page', { id: '1' });
  await warmUp(getPage);
  const c1 = await load({ ...getPage, connections: 1, durationSeconds: DURATION_S });
  const c4 = await load({ ...getPage, connections: 4, durationSeconds: DURATION_S });
  assertRunsSucceeded([c1, c4]);

  const figures: Figure[] = [
    { name: 'storage page size', value: Math.round(pageBytes / 1024), unit: 'KB' },
    { name: 'Markdown produced', value: Math.round(markdownBytes / 1024), unit: 'KB' },
    { name: 'conversion p50 (parse + render)', value: percentile(conversions, 0.5), unit: 'ms', target: '<= 50' },
    { name: 'conversion p99 (parse + render)', value: percentile(conversions, 0.99), unit: 'ms' },
    { name: 'conversion throughput', value: pagesPerSecond, unit: 'pages/s', target: '>= 20' },
    { name: 'conversion throughput', value: Math.round(((pagesPerSecond * pageBytes) / 2 ** 20) * 10) / 10, unit: 'MB/s' },
    { name: 'get_page REST p50, c=1', value: c1.p50Ms, unit: 'ms' },
    { name: 'get_page REST p99, c=1', value: c1.p99Ms, unit: 'ms' },
    { name: 'get_page REST throughput, c=1', value: c1.rps, unit: 'req/s' },
    { name: 'get_page REST p50, c=4', value: c4.p50Ms, unit: 'ms' },
    { name: 'get_page REST throughput, c=4', value: c4.rps, unit: 'req/s' },
  ];
  // Load average: these figures come from a shared machine, busy or not.
  await report('confluence-service', figures, { durationSeconds: DURATION_S, pageBytes, conversions: conversions.length, loadAverage: loadavg().map((l) => Math.round(l * 100) / 100), runs: { c1, c4 } });
} finally {
  await service.stop();
  await redis.stop();
  confluence.close();
}
