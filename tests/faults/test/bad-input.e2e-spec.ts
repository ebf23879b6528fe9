import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AgentApp, type AppName, SERVICE_APPS, type ServiceApp, type Stack, startStack } from '@emm/stack';
import { Redis } from 'ioredis';
import { isReady, leakedInternals, probe, type ProbeAnswer } from './support/http-probe';
import { RunApi } from './support/run-api';
import { removeStackData, treeHash } from './support/trees';

// Bad input at every public entry of the running stack: each agent's run
// API, each MCP service's REST tools and its MCP endpoint. Every case must
// get a clear 4xx naming what is wrong (over MCP: a tool error, isError,
// naming the field) — never a 5xx, never a stack trace — and leave the
// service ready. Hostile paths and URLs that pass the first check are
// refused further in: the run or its items fail with the reason. Nothing
// stored changes: the vault and UNSORTED hash the same before and after,
// and a rejected POST /runs creates no run.

const AGENTS: readonly AgentApp[] = ['file-system-agent', 'bookmark-scraper', 'confluence-agent'];
const WORKFLOW: Record<AgentApp, string> = { 'file-system-agent': 'file-import', 'bookmark-scraper': 'bookmark-import', 'confluence-agent': 'confluence-sync' };
const MiB = 1024 * 1024;
/** Over every agent's RUN_API_BODY_LIMIT_BYTES (10 MiB by default). */
const HUGE_RUN_BODY = JSON.stringify({ workflow: 'file-import', input: { prefix: 'x'.repeat(11 * MiB) } });
/** Over each MCP service's MCP_MAX_BODY_BYTES: 1 MiB by default, 40 MiB where bookmark exports arrive. */
function bodyOverLimitOf(app: ServiceApp): string {
  const limit = app === 'bookmark-classifier-service' ? 40 * MiB : MiB;
  return JSON.stringify({ text: 'lorem ipsum '.repeat(Math.ceil(limit / 12) + 1_000) });
}

let stack: Stack;
let redis: Redis;
let before: { vault: string; unsorted: string };

beforeAll(async () => {
  stack = await startStack({
    dataDir: mkdtempSync(join(tmpdir(), 'emm-faults-bad-input-')),
    agents: AGENTS,
    // Blocked links are not worth retrying; keep the refused runs short.
    env: { 'bookmark-scraper': { ITEM_BACKOFF_MS: '100' } },
    logLevel: 'warn',
  });
  redis = new Redis(stack.redisUrl);
  // Something to protect: a file waiting in UNSORTED and a note in the vault.
  mkdirSync(join(stack.unsortedDir, 'keep'), { recursive: true });
  writeFileSync(join(stack.unsortedDir, 'keep', 'letter.txt'), 'Dear tenant, your rent rises by 20 EUR from May.\n');
  mkdirSync(join(stack.vaultDir, '10-19 Finance', '11 Banking', '11.01 Statements'), { recursive: true });
  writeFileSync(join(stack.vaultDir, '10-19 Finance', '11 Banking', '11.01 Statements', 'March.md'), '---\ntitle: March\n---\nStatement.\n');
  before = { vault: treeHash(stack.vaultDir), unsorted: treeHash(stack.unsortedDir) };
}, 180_000);

afterAll(async () => {
  redis?.disconnect();
  await stack?.stop();
  if (stack !== undefined) removeStackData(stack);
});

function auth(): Record<string, string> {
  return { authorization: `Bearer ${stack.token}` };
}

async function runCount(agent: AgentApp): Promise<number> {
  return redis.zcard(`emm:${agent}:runs`);
}

/** The 4xx answer a person gets: status, error code and words naming what is wrong; no internals; the app still ready. */
async function expectClearRejection(app: AppName, answer: ProbeAnswer, status: number, code: string, says: RegExp): Promise<void> {
  expect({ status: answer.status, code: (answer.json as { error?: { code?: string } } | undefined)?.error?.code }).toEqual({ status, code });
  expect(answer.text).toMatch(says);
  expect(leakedInternals(answer.text)).toEqual([]);
  expect(await isReady(stack.baseUrl(app))).toBe(true);
}

// ---------------------------------------------------------------------------
// Run API: POST /runs refused outright (400/413/415) — no run is created.

interface RunApiCase {
  name: string;
  agent: AgentApp;
  body: string;
  contentType?: string;
  status: number;
  code: string;
  says: RegExp;
}

function runApiCases(agent: AgentApp): RunApiCase[] {
  const workflow = WORKFLOW[agent];
  const json = (body: unknown) => JSON.stringify(body);
  return [
    { name: 'malformed JSON', agent, body: `{"workflow": "${workflow}", "input": {`, status: 400, code: 'invalid_json', says: /JSON/i },
    { name: 'a JSON array instead of an object', agent, body: '[1, 2, 3]', status: 400, code: 'invalid_argument', says: /body.*must be an object/ },
    { name: 'a bare string', agent, body: `"${workflow}"`, status: 400, code: 'invalid_argument', says: /body.*must be an object/ },
    { name: 'JSON null', agent, body: 'null', status: 400, code: 'invalid_argument', says: /send a JSON object|must be an object/ },
    { name: 'no workflow', agent, body: json({ input: {} }), status: 400, code: 'invalid_argument', says: /workflow: is required/ },
    { name: 'workflow of the wrong type', agent, body: json({ workflow: 42 }), status: 400, code: 'invalid_argument', says: /workflow: must be a string/ },
    { name: 'an unknown workflow', agent, body: json({ workflow: 'delete-everything' }), status: 400, code: 'invalid_argument', says: new RegExp(`workflow: must be one of ${workflow}`) },
    { name: 'input of the wrong type', agent, body: json({ workflow, input: 'all of it' }), status: 400, code: 'invalid_argument', says: /input: must be/ },
    { name: 'an unknown input field', agent, body: json({ workflow, input: { rm: '-rf /' } }), status: 400, code: 'invalid_argument', says: /input: unknown field rm/ },
    { name: 'idempotency key of the wrong type', agent, body: json({ workflow, input: {}, idempotencyKey: { a: 1 } }), status: 400, code: 'invalid_argument', says: /idempotencyKey: must be a string/ },
    { name: 'a body over 10 MiB', agent, body: HUGE_RUN_BODY, status: 413, code: 'payload_too_large', says: /exceeds/ },
    { name: 'JSON sent as text/plain', agent, body: json({ workflow, input: {} }), contentType: 'text/plain', status: 415, code: 'unsupported_media_type', says: /application\/json/ },
  ];
}

/** Workflow input refused at POST /runs: 400 naming the field and the rule. */
function inputCase(agent: AgentApp, name: string, input: unknown, says: RegExp): RunApiCase {
  return { name, agent, body: JSON.stringify({ workflow: WORKFLOW[agent], input }), status: 400, code: 'invalid_argument', says };
}

const WORKFLOW_INPUT_CASES: RunApiCase[] = [
  inputCase('file-system-agent', 'prefix ../../etc/passwd', { prefix: '../../etc/passwd' }, /input\.prefix: must be a folder inside UNSORTED \(no \. or \.\. segments\)/),
  inputCase('file-system-agent', 'prefix scans/../../etc', { prefix: 'scans/../../etc' }, /input\.prefix: must be a folder inside UNSORTED/),
  inputCase('file-system-agent', 'prefix with a NUL byte', { prefix: 'scans\u0000/../etc' }, /input\.prefix: must not contain control characters/),
  inputCase('file-system-agent', 'prefix with backslashes', { prefix: '..\\..\\windows' }, /input\.prefix: must use \/ between folders/),
  inputCase('file-system-agent', 'prefix of the wrong type', { prefix: ['a'] }, /input\.prefix: must be a string/),
  inputCase('file-system-agent', 'limit 0', { limit: 0 }, /input\.limit: must be at least 1/),
  inputCase('file-system-agent', 'limit as text', { limit: 'ten' }, /input\.limit: must be a number/),
  inputCase('file-system-agent', 'limit not a whole number', { limit: 1.5 }, /input\.limit: must be an integer/),
  inputCase('bookmark-scraper', 'no source at all', {}, /input\.content: give exactly one of content, path or urls/),
  inputCase('bookmark-scraper', 'two sources', { urls: ['https://example.org/'], path: 'bookmarks.json' }, /input\.urls: give only one of content, path or urls/),
  inputCase('bookmark-scraper', 'urls of the wrong type', { urls: 'https://example.org/' }, /input\.urls: must be an array/),
  inputCase('bookmark-scraper', 'an empty URL list', { urls: [] }, /input\.urls: must list at least one URL/),
  inputCase('bookmark-scraper', 'a URL with spaces', { urls: ['https://example.org/a b'] }, /input\.urls\[0\]: must be one URL, without spaces/),
  inputCase('bookmark-scraper', 'a URL over 8192 characters', { urls: [`https://example.org/${'a'.repeat(8_200)}`] }, /input\.urls\[0\]: must be at most 8192 characters/),
  inputCase('bookmark-scraper', 'an empty path', { path: '   ' }, /input\.path: must not be empty/),
  inputCase('bookmark-scraper', 'a path over 4096 characters', { path: 'a/'.repeat(2_100) }, /input\.path: must be at most 4096 characters/),
  inputCase('bookmark-scraper', 'an unknown format', { content: 'https://example.org/', format: 'exe' }, /input\.format: must be one of/),
  inputCase('confluence-agent', 'no spaces (none configured)', {}, /input\.spaces: is required/),
  inputCase('confluence-agent', 'a space key with a path in it', { spaces: ['../../etc'] }, /input\.spaces\[0\]: must be a space key/),
  inputCase('confluence-agent', 'spaces of the wrong type', { spaces: 'DOC' }, /input\.spaces: must be an array/),
  inputCase('confluence-agent', 'full as text', { spaces: ['DOC'], full: 'yes' }, /input\.full: must be a boolean/),
];

describe('run API: POST /runs refuses bad requests with a 4xx and creates no run', () => {
  const cases = [...AGENTS.flatMap(runApiCases), ...WORKFLOW_INPUT_CASES];

  it.each(cases)('$agent: $name → $status $code', async ({ agent, body, contentType, status, code, says }) => {
    const runsBefore = await runCount(agent);
    const answer = await probe(`${stack.baseUrl(agent)}/runs`, { headers: { ...auth(), 'content-type': contentType ?? 'application/json' }, body });
    await expectClearRejection(agent, answer, status, code, says);
    expect(await runCount(agent)).toBe(runsBefore);
  });

  it.each(AGENTS)('%s: other routes refuse bad ids, queries and a missing token', async (agent) => {
    const base = stack.baseUrl(agent);
    await expectClearRejection(agent, await probe(`${base}/runs/not-a-run-id`, { method: 'GET', headers: auth() }), 400, 'invalid_argument', /id.*run id/);
    // Encoded slashes reach the route as part of the id (a client's URL parser would resolve a plain ../).
    await expectClearRejection(agent, await probe(`${base}/runs/..%2F..%2Fetc%2Fpasswd`, { method: 'GET', headers: auth() }), 400, 'invalid_argument', /id.*run id/);
    await expectClearRejection(agent, await probe(`${base}/runs?limit=lots&state=exploded`, { method: 'GET', headers: auth() }), 400, 'invalid_argument', /limit[\s\S]*state|state[\s\S]*limit/);
    await expectClearRejection(agent, await probe(`${base}/runs/00000000-0000-4000-8000-000000000000/cancel`, { headers: auth() }), 404, 'not_found', /not found/);
    await expectClearRejection(agent, await probe(`${base}/runs`, { headers: { 'content-type': 'application/json' }, body: '{}' }), 401, 'unauthorized', /token|authoriz/i);
  });
});

// ---------------------------------------------------------------------------
// Run API: hostile input that is well-formed is accepted, then refused further in.

interface RefusedRunCase {
  name: string;
  agent: AgentApp;
  input: Record<string, unknown>;
  state: string;
  /** Why the whole run failed (planning refused its input). */
  runError?: RegExp;
  /** One per item, each failed with its reason (`<label>: <error>`). */
  itemErrors: RegExp[];
}

const HOSTILE_BOOKMARKS: Array<[url: string, reason: RegExp]> = [
  ['file:///etc/passwd', /^file:\/\/\/etc\/passwd: invalid bookmark at line \d+: unsupported scheme "file:"/],
  ['http://169.254.169.254/latest/meta-data/', /: blocked: 169\.254\.169\.254 is a link-local address/],
  ['http://[::1]/', /^http:\/\/\[::1\]\/: blocked: ::1 is the IPv6 loopback address/],
  ['javascript:alert(document.cookie)', /^javascript:.*: invalid bookmark at line \d+: unsupported scheme "javascript:"/],
  ['http://localhost:6379/', /^http:\/\/localhost:6379\/: blocked: localhost resolves to 127\.0\.0\.1, a loopback address/],
  ['http://2130706433/admin', /^http:\/\/127\.0\.0\.1\/admin: blocked: 127\.0\.0\.1 is a loopback address/],
  ['gopher://127.0.0.1:6379/_FLUSHALL', /^gopher:.*: invalid bookmark at line \d+: unsupported scheme "gopher:"/],
  [`http://10.0.0.1/${'a'.repeat(8_000)}`, /^http:\/\/10\.0\.0\.1\/a+…?: blocked: 10\.0\.0\.1 is a private address/],
];

const REFUSED_RUNS: RefusedRunCase[] = [
  // A leading slash is dropped: "/etc/passwd" is the folder etc/passwd inside UNSORTED, which holds nothing.
  { name: 'file-import of prefix /etc/passwd stays inside UNSORTED', agent: 'file-system-agent', input: { prefix: '/etc/passwd' }, state: 'completed', itemErrors: [] },
  { name: 'file-import of a URL-encoded ../ prefix is a folder name, not a way out', agent: 'file-system-agent', input: { prefix: '%2e%2e/%2e%2e/etc' }, state: 'completed', itemErrors: [] },
  { name: 'file-import of a URL-encoded NUL in the prefix is a folder name too', agent: 'file-system-agent', input: { prefix: '..%00/etc' }, state: 'completed', itemErrors: [] },
  // bookmark-import takes any path at POST /runs; file-system refuses it when the run reads the export.
  ...[
    ['../../etc/passwd', /path: must not contain \. or \.\. segments/],
    ['/etc/passwd', /path: must be relative to its root/],
    ['..%2f..%2fetc%2fpasswd', /path: must not contain percent-encoded separators, dots or NUL/],
    ['bookmarks.json\u0000.txt', /path: must not contain NUL bytes/],
  ].map(([path, reason]) => ({
    name: `bookmark-import of path ${JSON.stringify(path)}: the run fails with the reason`,
    agent: 'bookmark-scraper' as const,
    input: { path },
    state: 'failed',
    runError: reason as RegExp,
    itemErrors: [],
  })),
  {
    name: 'bookmark-import of hostile URLs: each item fails with the reason, nothing is fetched',
    agent: 'bookmark-scraper',
    input: { urls: HOSTILE_BOOKMARKS.map(([url]) => url) },
    state: 'completed_with_errors',
    itemErrors: HOSTILE_BOOKMARKS.map(([, reason]) => reason),
  },
];

describe('run API: hostile paths and URLs are refused further in, with the reason', () => {
  it.each(REFUSED_RUNS)('$name', async ({ agent, input, state, runError, itemErrors }) => {
    const api = new RunApi(stack.baseUrl(agent), stack.token);
    const run = await api.waitForEnd(await api.start(WORKFLOW[agent], input), 60_000);
    expect(run.state).toBe(state);
    if (runError !== undefined) expect(run.error).toMatch(runError);
    expect(run.items.every((item) => item.status === 'failed')).toBe(true);
    const errors = run.items.map((item) => `${item.label}: ${item.error}`);
    expect(errors).toHaveLength(itemErrors.length);
    expect(errors).toEqual(expect.arrayContaining(itemErrors.map((reason) => expect.stringMatching(reason))));
    expect(leakedInternals(JSON.stringify(run))).toEqual([]);
    expect(await isReady(stack.baseUrl(agent))).toBe(true);
  }, 90_000);
});

// ---------------------------------------------------------------------------
// MCP services over REST: POST /tools/<name>.

interface ToolCase {
  name: string;
  app: ServiceApp;
  tool: string;
  args?: unknown;
  raw?: string;
  status: number;
  code: string;
  says: RegExp;
  /** Sent as an MCP tools/call too. */
  mcp?: true;
}

/** Cases every service gets, on one of its tools. */
function commonToolCases(app: ServiceApp, tool: string): ToolCase[] {
  return [
    { name: 'malformed JSON', app, tool, raw: '{"oops": ', status: 400, code: 'invalid_json', says: /JSON/i },
    { name: 'an array instead of an object', app, tool, raw: '[]', status: 400, code: 'invalid_argument', says: /object/i },
    { name: 'a body over its limit', app, tool, raw: bodyOverLimitOf(app), status: 413, code: 'payload_too_large', says: /exceeds/ },
    { name: 'an unknown tool', app, tool: 'rm_rf', args: {}, status: 404, code: 'unknown_tool', says: /rm_rf/ },
  ];
}

const SSRF_URLS = [
  ['file:///etc/passwd', 400, 'invalid_argument', /url: only http:\/\/ and https:\/\/ URLs/],
  ['javascript:alert(1)', 400, 'invalid_argument', /url: only http:\/\/ and https:\/\/ URLs/],
  ['gopher://127.0.0.1:6379/_FLUSHALL', 400, 'invalid_argument', /url: only http:\/\/ and https:\/\/ URLs/],
  ['http://169.254.169.254/latest/meta-data/', 412, 'failed_precondition', /url: .*169\.254\.169\.254/],
  ['http://[::1]/', 412, 'failed_precondition', /url: .*::1/],
  ['http://127.0.0.1:6379/', 412, 'failed_precondition', /url: .*127\.0\.0\.1/],
  ['http://2130706433/', 412, 'failed_precondition', /url: .*127\.0\.0\.1/],
  ['http://localhost/', 412, 'failed_precondition', /url: .*localhost/],
  ['http://[::ffff:7f00:1]/', 412, 'failed_precondition', /url: /],
  ['http://10.0.0.1/', 412, 'failed_precondition', /url: .*10\.0\.0\.1/],
  ['not a url', 400, 'invalid_argument', /url: must be an absolute URL/],
] as const;

const TOOL_CASES: ToolCase[] = [
  ...commonToolCases('jd-classifier-service', 'find_category'),
  { name: 'limit of the wrong type', app: 'jd-classifier-service', tool: 'find_category', args: { query: 'bank', limit: 'five' }, status: 400, code: 'invalid_argument', says: /limit/, mcp: true },
  { name: 'no id, name or query', app: 'jd-classifier-service', tool: 'find_category', args: {}, status: 400, code: 'invalid_argument', says: /query.*give exactly one of id, name or query/ },
  { name: 'a query over 100,000 characters', app: 'jd-classifier-service', tool: 'find_category', args: { query: 'q'.repeat(100_001) }, status: 400, code: 'invalid_argument', says: /query/ },
  { name: 'allocate_id without a name', app: 'jd-classifier-service', tool: 'allocate_id', args: { category: '11' }, status: 400, code: 'invalid_argument', says: /name/ },
  { name: 'allocate_id in a category of the wrong type', app: 'jd-classifier-service', tool: 'allocate_id', args: { category: 11, name: 'Savings' }, status: 400, code: 'invalid_argument', says: /category/, mcp: true },

  ...commonToolCases('content-classifier-service', 'classify_content'),
  { name: 'text of the wrong type', app: 'content-classifier-service', tool: 'classify_content', args: { text: 42 }, status: 400, code: 'invalid_argument', says: /text/, mcp: true },
  { name: 'no words to classify', app: 'content-classifier-service', tool: 'classify_content', args: { text: '!!! ???' }, status: 400, code: 'invalid_argument', says: /text.*give some words/ },
  { name: 'too many hints', app: 'content-classifier-service', tool: 'classify_content', args: { text: 'bank statement', hints: Array.from({ length: 51 }, () => 'x') }, status: 400, code: 'invalid_argument', says: /hints/, mcp: true },

  ...commonToolCases('bookmark-classifier-service', 'parse_bookmarks'),
  { name: 'empty content', app: 'bookmark-classifier-service', tool: 'parse_bookmarks', args: { content: '' }, status: 400, code: 'invalid_argument', says: /content/, mcp: true },
  { name: 'an unknown format', app: 'bookmark-classifier-service', tool: 'parse_bookmarks', args: { content: 'https://example.org/', format: 'exe' }, status: 400, code: 'invalid_argument', says: /format/ },
  { name: 'url of the wrong type', app: 'bookmark-classifier-service', tool: 'classify_bookmark', args: { url: 123 }, status: 400, code: 'invalid_argument', says: /url/, mcp: true },

  ...commonToolCases('file-system-service', 'read_file'),
  ...(
    [
      ['../../etc/passwd', '../../etc/passwd'],
      ['/etc/passwd', '/etc/passwd'],
      ['the vault from UNSORTED', '../vault/10-19 Finance/11 Banking/11.01 Statements/March.md'],
      ['a NUL byte', 'keep/letter.txt\u0000.pdf'],
      ['backslashes', '..\\..\\etc\\passwd'],
    ] as const
  ).map(([what, path]) => ({ name: `read_file of ${what}`, app: 'file-system-service' as const, tool: 'read_file', args: { path }, status: 400, code: 'invalid_argument', says: /path: must/, mcp: true as const })),
  { name: 'read_file of a URL-encoded ../', app: 'file-system-service', tool: 'read_file', args: { path: '%2e%2e/%2e%2e/etc/passwd' }, status: 400, code: 'invalid_argument', says: /path/ },
  { name: 'read_file from an unknown root', app: 'file-system-service', tool: 'read_file', args: { path: 'keep/letter.txt', root: '/' }, status: 400, code: 'invalid_argument', says: /root/ },
  { name: 'write_note into ../../tmp', app: 'file-system-service', tool: 'write_note', args: { folder: '../../tmp', title: 'pwned', body: 'x' }, status: 400, code: 'invalid_argument', says: /folder/, mcp: true },
  { name: 'write_note into /etc', app: 'file-system-service', tool: 'write_note', args: { folder: '/etc', title: 'passwd', body: 'x' }, status: 400, code: 'invalid_argument', says: /folder/ },
  { name: 'write_note without a title', app: 'file-system-service', tool: 'write_note', args: { folder: '10-19 Finance/11 Banking/11.01 Statements' }, status: 400, code: 'invalid_argument', says: /title/ },
  { name: 'move_to_vault of /etc/passwd', app: 'file-system-service', tool: 'move_to_vault', args: { path: '/etc/passwd', folder: '10-19 Finance/11 Banking/11.01 Statements' }, status: 400, code: 'invalid_argument', says: /path/ },
  { name: 'move_to_vault out of the vault', app: 'file-system-service', tool: 'move_to_vault', args: { path: 'keep/letter.txt', folder: '../../..' }, status: 400, code: 'invalid_argument', says: /folder/ },
  { name: 'move_to_vault with a malformed hash', app: 'file-system-service', tool: 'move_to_vault', args: { path: 'keep/letter.txt', folder: '10-19 Finance/11 Banking/11.01 Statements', hash: 'md5:abc' }, status: 400, code: 'invalid_argument', says: /hash/ },
  { name: 'list_vault of ../..', app: 'file-system-service', tool: 'list_vault', args: { prefix: '../..' }, status: 400, code: 'invalid_argument', says: /prefix/, mcp: true },

  ...commonToolCases('web-scraper-service', 'fetch_page'),
  { name: 'url of the wrong type', app: 'web-scraper-service', tool: 'fetch_page', args: { url: 42 }, status: 400, code: 'invalid_argument', says: /url/ },
  { name: 'no url', app: 'web-scraper-service', tool: 'fetch_page', args: {}, status: 400, code: 'invalid_argument', says: /url/, mcp: true },
  ...SSRF_URLS.map(([url, status, code, says]) => ({ name: `fetch_page of ${url}`, app: 'web-scraper-service' as const, tool: 'fetch_page', args: { url }, status, code, says, mcp: true as const })),

  ...commonToolCases('confluence-service', 'list_pages'),
  { name: 'a space key with a path in it', app: 'confluence-service', tool: 'list_pages', args: { spaceKey: '../../rest/api/user' }, status: 400, code: 'invalid_argument', says: /spaceKey.*space key/, mcp: true },
  { name: 'since that is not a date', app: 'confluence-service', tool: 'list_pages', args: { spaceKey: 'DOC', since: 'yesterday' }, status: 400, code: 'invalid_argument', says: /since/ },
  { name: 'a page id that is not a number', app: 'confluence-service', tool: 'get_page', args: { id: '1/../../admin' }, status: 400, code: 'invalid_argument', says: /id.*numeric page id/, mcp: true },

  ...commonToolCases('notifications-service', 'notify'),
  { name: 'an unknown severity and an empty title', app: 'notifications-service', tool: 'notify', args: { title: '', message: 'x', severity: 'apocalyptic' }, status: 400, code: 'invalid_argument', says: /title[\s\S]*severity|severity[\s\S]*title/, mcp: true },
  { name: 'a javascript: link', app: 'notifications-service', tool: 'notify', args: { title: 'Hi', message: 'x', severity: 'info', links: [{ text: 'Click', url: 'javascript:alert(1)' }] }, status: 400, code: 'invalid_argument', says: /links.*http/, mcp: true },
  { name: 'a notification id that is not a uuid', app: 'notifications-service', tool: 'notification_status', args: { id: '../../keys' }, status: 400, code: 'invalid_argument', says: /id/ },
];

describe('MCP services over REST: POST /tools/<name> answers bad arguments with a 4xx naming the field', () => {
  it('covers every MCP service', () => {
    expect([...new Set(TOOL_CASES.map((toolCase) => toolCase.app))].sort()).toEqual([...SERVICE_APPS].sort());
  });

  it.each(TOOL_CASES)('$app $tool: $name → $status $code', async ({ app, tool, args, raw, status, code, says }) => {
    const answer = await probe(`${stack.baseUrl(app)}/tools/${tool}`, { headers: { ...auth(), 'content-type': 'application/json' }, body: raw ?? JSON.stringify(args) });
    await expectClearRejection(app, answer, status, code, says);
  });
});

// ---------------------------------------------------------------------------
// MCP services over MCP: POST /mcp (JSON-RPC).

const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

function toolCall(name: string, args: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } });
}

/** The cases marked `mcp`, a few per service: over MCP a bad call is a tool result with isError. */
const MCP_TOOL_ERRORS = TOOL_CASES.filter((toolCase) => toolCase.mcp === true);

describe('MCP services over MCP: POST /mcp', () => {
  it.each(MCP_TOOL_ERRORS)('$app tools/call $tool: $name → a tool error ($code) naming the field', async ({ app, tool, args, code, says }) => {
    const answer = await probe(`${stack.baseUrl(app)}/mcp`, { headers: { ...auth(), ...MCP_HEADERS }, body: toolCall(tool, args) });
    expect(answer.status).toBe(200);
    const result = (answer.json as { result?: { isError?: boolean; content?: Array<{ text?: string }>; _meta?: Record<string, { code?: string; message?: string }> } }).result;
    expect(result?.isError).toBe(true);
    expect(result?._meta?.['emm/error']?.code).toBe(code);
    expect(result?.content?.[0]?.text).toMatch(says);
    expect(leakedInternals(answer.text)).toEqual([]);
    expect(await isReady(stack.baseUrl(app))).toBe(true);
  });

  it.each(SERVICE_APPS)('%s: malformed JSON, a huge body, an unknown tool and an unknown method get JSON-RPC errors, no stack trace', async (app) => {
    const url = `${stack.baseUrl(app)}/mcp`;
    const headers = { ...auth(), ...MCP_HEADERS };
    const rpcError = (answer: ProbeAnswer) => (answer.json as { error?: { code?: number; message?: string } } | undefined)?.error;

    const malformed = await probe(url, { headers, body: '{"jsonrpc": "2.0", "method": ' });
    expect({ status: malformed.status, code: rpcError(malformed)?.code }).toEqual({ status: 400, code: -32700 });

    const huge = await probe(url, { headers, body: bodyOverLimitOf(app) });
    expect(huge.status).toBe(413);

    const unknownTool = await probe(url, { headers, body: toolCall('rm_rf', {}) });
    expect({ status: unknownTool.status, code: rpcError(unknownTool)?.code }).toEqual({ status: 200, code: -32602 });
    expect(rpcError(unknownTool)?.message).toMatch(/rm_rf/);

    const unknownMethod = await probe(url, { headers, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'shell/exec', params: { cmd: 'id' } }) });
    expect({ status: unknownMethod.status, code: rpcError(unknownMethod)?.code }).toEqual({ status: 200, code: -32601 });

    const notJsonRpc = await probe(url, { headers, body: JSON.stringify({ hello: 'world' }) });
    expect(notJsonRpc.status).toBeGreaterThanOrEqual(400);
    expect(notJsonRpc.status).toBeLessThan(500);

    for (const answer of [malformed, huge, unknownTool, unknownMethod, notJsonRpc]) expect(leakedInternals(answer.text)).toEqual([]);
    expect(await isReady(stack.baseUrl(app))).toBe(true);
  });
});

describe('afterwards', () => {
  it('every app is still ready and nothing stored changed: the vault and UNSORTED are as they were', async () => {
    for (const app of [...SERVICE_APPS, ...AGENTS]) expect({ app, ready: await isReady(stack.baseUrl(app)) }).toEqual({ app, ready: true });
    expect({ vault: treeHash(stack.vaultDir), unsorted: treeHash(stack.unsortedDir) }).toEqual(before);
  });
});
