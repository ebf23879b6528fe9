import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ProcessHandle, startBuiltService, startRedis, type RedisServer } from '@emm/testing';
import { generateNetscapeExport } from './generated-export';
import { APP_DIR } from './support';

/** Starts the built service and waits for it to exit (for configurations it must refuse). */
async function runToExit(env: Record<string, string | undefined>): Promise<{ code: number | null; lines: string[]; output: string }> {
  const { proc } = await startBuiltService(APP_DIR, { env, readyPath: false });
  const exit = await proc.exited;
  return { code: exit.code, lines: proc.output().trim().split('\n'), output: proc.output() };
}

describe('bookmark-classifier-service as a process', () => {
  let redis: RedisServer;
  let dir: string;
  const started: ProcessHandle[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    dir = await mkdtemp(join(tmpdir(), 'bookmark-rules-'));
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((proc) => proc.stop()));
  });

  afterAll(async () => {
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses bad domain rules and limits with one line per problem and no stack trace', async () => {
    const { code, lines, output } = await runToExit({
      REDIS_URL: redis.url,
      BOOKMARK_DOMAIN_RULES: JSON.stringify({ 'https://github.com': '41', 'docs.example.com': '40-49', 'ok.example.com': { id: '41', confidence: 7 } }),
      BOOKMARK_REVIEW_THRESHOLD: '1.5',
      BOOKMARKS_MAX_INPUT_BYTES: '5000000',
      MCP_MAX_BODY_BYTES: '2000000',
    });
    expect(code).toBe(1);
    expect(lines).toEqual(
      expect.arrayContaining([
        'config error: BOOKMARK_DOMAIN_RULES: "https://github.com": write the host only, without a scheme (github.com, not https://github.com)',
        'config error: BOOKMARK_DOMAIN_RULES: "docs.example.com": id "40-49" is an area; give a category (such as 41) or an ID (such as 41.03)',
        'config error: BOOKMARK_DOMAIN_RULES: "ok.example.com": confidence must be a number above 0 and at most 1',
        'config error: BOOKMARK_REVIEW_THRESHOLD: must be a number from 0 to 1, such as 0.5',
      ]),
    );
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('refuses a size limit above the body limit, and both rule sources at once', async () => {
    const path = join(dir, 'ok.yaml');
    await writeFile(path, 'github.com: "41"\n');
    const { code, lines } = await runToExit({
      REDIS_URL: redis.url,
      BOOKMARKS_MAX_INPUT_BYTES: '5000000',
      MCP_MAX_BODY_BYTES: '2000000',
      BOOKMARK_DOMAIN_RULES: '{"github.com":"41"}',
      BOOKMARK_DOMAIN_RULES_PATH: path,
    });
    expect(code).toBe(1);
    expect(lines).toEqual([
      'config error: BOOKMARK_DOMAIN_RULES_PATH: set either BOOKMARK_DOMAIN_RULES or BOOKMARK_DOMAIN_RULES_PATH, not both',
      'config error: BOOKMARKS_MAX_INPUT_BYTES: must not exceed MCP_MAX_BODY_BYTES (the request carrying the content would be refused first)',
    ]);
  });

  it('names the file and line of a broken YAML rules file, and the key of a bad rule in it', async () => {
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'github.com: "41"\ngitlab.com: "41"\ngithub.com: "42"\n');
    const syntax = await runToExit({ REDIS_URL: redis.url, BOOKMARK_DOMAIN_RULES_PATH: broken });
    expect(syntax.code).toBe(1);
    expect(syntax.lines).toEqual([`config error: BOOKMARK_DOMAIN_RULES_PATH: ${broken}: Map keys must be unique at line 3, column 1`]);

    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, '# site → JD\ngithub.com: "41"\nrecipes.example: "25.00"\n');
    const rule = await runToExit({ REDIS_URL: redis.url, BOOKMARK_DOMAIN_RULES_PATH: bad });
    expect(rule.code).toBe(1);
    expect(rule.output).toContain(`config error: BOOKMARK_DOMAIN_RULES_PATH: ${bad}: "recipes.example": id "25.00": `);

    const missing = await runToExit({ REDIS_URL: redis.url, BOOKMARK_DOMAIN_RULES_PATH: join(dir, 'nope.yaml') });
    expect(missing.lines).toEqual([`config error: BOOKMARK_DOMAIN_RULES_PATH: cannot read ${join(dir, 'nope.yaml')}: ENOENT`]);
  });

  it('serves a 10,000-bookmark export (over the default 1 MiB body limit of other services) from a real process', async () => {
    const path = join(dir, 'rules.yaml');
    await writeFile(path, 'github.com: "41"\nexample.com/docs: { id: "45", tags: [docs] }\n');
    const { proc, url: base } = await startBuiltService(APP_DIR, { env: { REDIS_URL: redis.url, BOOKMARK_DOMAIN_RULES_PATH: path } });
    started.push(proc);
    expect(proc.output()).toMatch(/"msg":"domain rules loaded".*"source":".*rules\.yaml"/);
    const res = await fetch(`${base}/tools/parse_bookmarks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: generateNetscapeExport(10_000) }),
    });
    expect(res.status).toBe(200);
    const { result } = (await res.json()) as { result: { bookmarks: unknown[]; duplicates: number } };
    expect(result.bookmarks.length + result.duplicates).toBe(10_000);
  }, 60_000);
});
