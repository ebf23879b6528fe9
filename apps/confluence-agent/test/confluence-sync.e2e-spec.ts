import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunDetail } from '@emm/agent-runtime';
import { current, type FakeConfluence, FakeSite, type Stack, startFakeConfluence, startStack, startWebhookReceiver, type WebhookReceiver } from '@emm/stack';
import { waitFor } from '@emm/testing';
import { Redis } from 'ioredis';
import { readVault, RunApi, type VaultNote } from './support';

// confluence-sync end to end: the agent and the five services it calls run as
// their own processes (@emm/stack) against a real redis-server; Confluence is
// the local fake speaking the Cloud REST v2 wire format. The vault on disk,
// the run API's outcomes, the cursors in Redis and the webhook deliveries are
// what the tests look at.

const RUNBOOKS = '30-39 Work/35 Processes and runbooks/35.01 Runbooks';
const POSTMORTEMS = '30-39 Work/35 Processes and runbooks/35.02 Postmortems';
const TOOLS = '40-49 Learning and reference/41 Programming/41.02 Tools and infrastructure';
const REPORTS_OPS = '30-39 Work/34 Reports/34.03 Operations';
const INBOX = '00-09 System/00 Index and inbox/00.01 Review inbox';

/** Pages of the generated large space: bodies from a few kinds, so the notes land in a few known folders. */
const BIG_PAGES = 300;
const BIG_KINDS = [
  { folder: RUNBOOKS, body: 'Runbook: the steps to deploy and roll back, with the on-call checklist.' },
  { folder: POSTMORTEMS, body: 'Postmortem of the outage: timeline, root cause and incident follow-up actions.' },
  { folder: TOOLS, body: 'Kubernetes tooling: kubectl commands, helm charts and docker images for the infrastructure.' },
];

function buildSite(): FakeSite {
  const site = new FakeSite();
  site.addSpace({ key: 'OPS', name: 'Operations' });
  site.addSpace({ key: 'BIG', name: 'Platform' });
  site.addPage({ id: '2001', spaceKey: 'OPS', title: 'Operations handbook', when: '2025-03-01T09:00:00.000Z', body: '<p>Kubernetes tooling: kubectl commands, helm charts and docker images for the infrastructure.</p>', labels: ['handbook'] });
  site.addPage({ id: '2002', spaceKey: 'OPS', parentId: '2001', title: 'Deploy runbook', when: '2025-03-02T09:00:00.000Z', body: '<p>Runbook: the steps to deploy and roll back, with the on-call checklist.</p>', labels: ['runbook', 'deploy'] });
  site.addPage({ id: '2003', spaceKey: 'OPS', parentId: '2001', title: 'Outage postmortem March', when: '2025-03-03T09:00:00.000Z', body: '<p>Postmortem of the outage: timeline, root cause and incident follow-up actions.</p>' });
  site.addPage({ id: '2004', spaceKey: 'OPS', parentId: '2001', title: 'Quarterly KPI dashboard', when: '2025-03-04T09:00:00.000Z', body: '<p>KPI metrics dashboard and analysis.</p>' });
  site.addPage({ id: '2005', spaceKey: 'OPS', parentId: '2002', title: 'Lunch ideas', when: '2025-03-05T09:00:00.000Z', body: '<p>Zorblax quibble frandle.</p>' });
  for (let n = 0; n < BIG_PAGES; n += 1) {
    const when = new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
    site.addPage({ id: String(10_000 + n), spaceKey: 'BIG', title: `Platform page ${String(n).padStart(3, '0')}`, when, body: `<p>${BIG_KINDS[n % BIG_KINDS.length].body}</p>` });
  }
  return site;
}

const byPath = (notes: VaultNote[]): Map<string, VaultNote> => new Map(notes.map((note) => [note.path, note]));
const statuses = (run: RunDetail): Record<string, string> => Object.fromEntries(run.items.map((item) => [item.key, item.status]));
const isoTime = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);

describe('confluence-sync (agent and services as processes, fake Confluence)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'confluence-agent-e2e-'));
  let fake: FakeConfluence;
  let receiver: WebhookReceiver;
  let stack: Stack;
  let api: RunApi;
  let redis: Redis;

  const opsNotes = (): VaultNote[] => readVault(stack.vaultDir).filter((note) => note.frontMatter.space === 'OPS');
  const summariesOf = (runId: string): unknown[] => receiver.received.map((hook) => hook.body).filter((body) => (body as { dedupeKey?: string }).dedupeKey?.startsWith(`confluence-sync:${runId}:`));

  beforeAll(async () => {
    fake = await startFakeConfluence({ site: buildSite() });
    receiver = await startWebhookReceiver();
    stack = await startStack({
      dataDir,
      services: ['jd-classifier-service', 'content-classifier-service', 'file-system-service', 'confluence-service', 'notifications-service'],
      agents: ['confluence-agent'],
      confluence: fake,
      webhook: { url: receiver.url, secret: receiver.secret },
      env: { 'confluence-agent': { CONFLUENCE_SPACES: 'OPS', CONFLUENCE_LIST_LIMIT: '100', WORKER_CONCURRENCY: '16' } },
    });
    api = new RunApi(stack.baseUrl('confluence-agent'), stack.token);
    redis = new Redis(stack.redisUrl);
  }, 120_000);

  afterAll(async () => {
    await redis?.quit();
    await stack?.stop();
    await receiver?.stop();
    await fake?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses an input naming a bad space key, with the field and the rule', async () => {
    const { status, body } = await api.request('POST', '/runs', { workflow: 'confluence-sync', input: { spaces: ['NOT A KEY'] } });
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('must be a space key such as DOC or ~jsmith');
    expect(JSON.stringify(body)).toContain('spaces');
  });

  it('files every page of the configured space in its JD folder, with the page’s front matter, and sends one summary', async () => {
    const run = await api.sync({});
    expect(run.state).toBe('completed');
    expect(statuses(run)).toEqual({ 'OPS:2001:1': 'done', 'OPS:2002:1': 'done', 'OPS:2003:1': 'done', 'OPS:2004:1': 'done', 'OPS:2005:1': 'needs_review' });

    // The web UI address as Confluence Cloud gives it (`_links.webui`, relative to the site's /wiki).
    const url = (id: string, title: string): string => `${fake.baseUrl}/spaces/OPS/pages/${id}/${encodeURIComponent(title.replace(/ /g, '+'))}`;
    const expected = (page: { id: string; title: string; folder: string; jdId: string; review?: boolean; suggested?: { jd_id: string; jd_path: string }; labels?: string[]; ancestors: string[]; text: string }) => ({
      path: `${page.folder}/${page.title}.md`,
      frontMatter: {
        title: page.title,
        jd_id: page.jdId,
        jd_path: page.folder,
        source: { kind: 'confluence', id: page.id, hash: '1' },
        classifier: { provider: 'heuristic', model: 'jd-scorer-v1' },
        confidence: expect.any(Number),
        needs_review: page.review ?? false,
        ...(page.suggested !== undefined && { suggested: page.suggested }),
        tags: expect.any(Array),
        space: 'OPS',
        version: 1,
        url: url(page.id, page.title),
        labels: page.labels ?? [],
        ancestors: page.ancestors,
        created: isoTime,
        updated: isoTime,
      },
      body: `${page.text}\n`,
    });
    const notes = opsNotes();
    expect(notes.map(({ path, frontMatter, body }) => ({ path, frontMatter, body }))).toEqual([
      // Nonsense text: the review inbox, with the classifier's weak best guess for the person who files it.
      expected({ id: '2005', title: 'Lunch ideas', folder: INBOX, jdId: '00.01', review: true, suggested: { jd_id: '35.01', jd_path: '30-39 Work/35 Processes and runbooks/35.01 Runbooks' }, ancestors: ['Operations handbook', 'Deploy runbook'], text: 'Zorblax quibble frandle.' }),
      // Category 34 fits, none of its IDs does: a new ID named after the space.
      expected({ id: '2004', title: 'Quarterly KPI dashboard', folder: REPORTS_OPS, jdId: '34.03', ancestors: ['Operations handbook'], text: 'KPI metrics dashboard and analysis.' }),
      expected({ id: '2002', title: 'Deploy runbook', folder: RUNBOOKS, jdId: '35.01', labels: ['runbook', 'deploy'], ancestors: ['Operations handbook'], text: 'Runbook: the steps to deploy and roll back, with the on-call checklist.' }),
      expected({ id: '2003', title: 'Outage postmortem March', folder: POSTMORTEMS, jdId: '35.02', ancestors: ['Operations handbook'], text: 'Postmortem of the outage: timeline, root cause and incident follow-up actions.' }),
      expected({ id: '2001', title: 'Operations handbook', folder: TOOLS, jdId: '41.02', labels: ['handbook'], ancestors: [], text: 'Kubernetes tooling: kubectl commands, helm charts and docker images for the infrastructure.' }),
    ]);
    const byTitle = new Map(notes.map((note) => [note.frontMatter.title, note.frontMatter]));
    expect(byTitle.get('Deploy runbook')?.tags).toEqual(expect.arrayContaining(['runbooks']));
    for (const { frontMatter } of notes) {
      expect(frontMatter.confidence).toBe(Math.round(Number(frontMatter.confidence) * 100) / 100);
      expect(Number(frontMatter.confidence) >= 0.5).toBe(frontMatter.needs_review === false);
    }

    expect(run.items.find((item) => item.key === 'OPS:2002:1')).toMatchObject({ notePath: `${RUNBOOKS}/Deploy runbook.md`, detail: 'version 1 written in 35.01' });
    expect(await redis.hget('emm:confluence-agent:cursor:OPS', 'cursor')).toMatch(/^cfl1\./);

    await waitFor(() => summariesOf(run.id).length > 0, { timeoutMs: 15_000, message: 'the summary notification' });
    expect(summariesOf(run.id)).toEqual([
      expect.objectContaining({ title: 'Confluence sync of OPS: 4 written, 0 unchanged, 1 to review', severity: 'info', message: expect.stringContaining('**4** notes written') }),
    ]);
  });

  it('changes nothing on a second sync', async () => {
    const before = opsNotes();
    const run = await api.sync({});
    expect(run.state).toBe('completed');
    // The sync cursor lists only what changed at or after the newest change seen: that page again, already in the vault.
    expect(run.items.length).toBeLessThanOrEqual(1);
    for (const item of run.items) expect(item).toMatchObject({ status: 'skipped', detail: 'unchanged: the note already holds version 1' });
    expect(opsNotes()).toEqual(before);
    // NOTIFY_QUIET_RUNS is on by default: a run that changed nothing still reports.
    await waitFor(() => summariesOf(run.id).length > 0, { timeoutMs: 15_000, message: 'the summary notification' });
    expect(summariesOf(run.id)).toEqual([expect.objectContaining({ title: `Confluence sync of OPS: 0 written, ${run.items.length} unchanged`, severity: 'info' })]);
  });

  it('replaces the note of an edited page in place, keeps the file of a renamed one and the folder of a reclassified one', async () => {
    const before = byPath(opsNotes());
    fake.site.editPage('2002', '<p>Runbook: the steps to deploy, roll back and verify, with the on-call checklist.</p>');
    fake.site.editPage('2003', '<p>Postmortem of the outage: timeline, root cause and incident follow-up actions. Updated.</p>', undefined, 'Outage postmortem March (final)');
    // Now reads like a runbook: the note still stays where the page was filed first, so it is never duplicated.
    fake.site.editPage('2004', '<p>Runbook: the steps to deploy and roll back, with the on-call checklist and KPI dashboard.</p>');

    const run = await api.sync({});
    expect(run.state).toBe('completed');
    expect(run.items.filter((item) => item.status === 'done').map((item) => item.key).sort()).toEqual(['OPS:2002:2', 'OPS:2003:2', 'OPS:2004:2']);

    const after = byPath(opsNotes());
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect(after.get(`${RUNBOOKS}/Deploy runbook.md`)).toMatchObject({
      frontMatter: { version: 2, source: { kind: 'confluence', id: '2002', hash: '2' }, created: before.get(`${RUNBOOKS}/Deploy runbook.md`)?.frontMatter.created },
      body: expect.stringContaining('roll back and verify'),
    });
    expect(after.get(`${POSTMORTEMS}/Outage postmortem March.md`)).toMatchObject({ frontMatter: { title: 'Outage postmortem March (final)', version: 2 }, body: expect.stringContaining('Updated.') });
    expect(after.get(`${REPORTS_OPS}/Quarterly KPI dashboard.md`)).toMatchObject({ frontMatter: { jd_id: '34.03', jd_path: REPORTS_OPS, version: 2 }, body: expect.stringContaining('on-call checklist') });
    for (const unchanged of [`${TOOLS}/Operations handbook.md`, `${INBOX}/Lunch ideas.md`]) {
      expect(after.get(unchanged)).toEqual(before.get(unchanged));
    }
  });

  it('fails a page Confluence refuses on its own, holds the cursor before it, and picks it up on the next sync', async () => {
    fake.site.addPage({ id: '2006', spaceKey: 'OPS', title: 'Escalation process', body: '<p>The escalation process and playbook for the on-call team.</p>' });
    const broken = fake.site.addPage({ id: '2007', spaceKey: 'OPS', title: 'Incident checklist', body: '<p>Runbook: incident checklist, step by step.</p>' });
    fake.failPage('2007', 404);

    const failing = await api.sync({ spaces: ['OPS', 'NOPE'] });
    expect(failing.state).toBe('completed_with_errors');
    expect(failing.items.find((item) => item.key === 'OPS:2007:1')).toMatchObject({ status: 'failed', error: 'confluence/get_page: page 2007 has no version 1 visible to these credentials' });
    expect(failing.items.find((item) => item.key === 'space:NOPE')).toMatchObject({ status: 'failed', error: 'Confluence has no space NOPE that the configured account can read' });
    expect(failing.items.find((item) => item.key === 'OPS:2006:1')).toMatchObject({ status: 'done', notePath: `${RUNBOOKS}/Escalation process.md` });
    expect(await redis.hgetall('emm:confluence-agent:cursor:OPS')).toMatchObject({ since: broken.versions[0].when, runId: failing.id });
    expect(opsNotes().some((note) => note.frontMatter.title === 'Incident checklist')).toBe(false);
    await waitFor(() => summariesOf(failing.id).length > 0, { timeoutMs: 15_000, message: 'the summary notification' });
    expect(summariesOf(failing.id)).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('Incident checklist') })]);

    fake.clearFailures();
    const healed = await api.sync({});
    expect(healed.state).toBe('completed');
    expect(healed.items.find((item) => item.key === 'OPS:2007:1')).toMatchObject({ status: 'done', notePath: `${RUNBOOKS}/Incident checklist.md` });
    expect(healed.items.filter((item) => item.status !== 'skipped').map((item) => item.key)).toEqual(['OPS:2007:1']);
    expect(await redis.hget('emm:confluence-agent:cursor:OPS', 'cursor')).toMatch(/^cfl1\./);
    expect(opsNotes().filter((note) => note.frontMatter.title === 'Escalation process')).toHaveLength(1);
  });

  it('moves the cursor past a failed page once a retry of the same run has written it', async () => {
    const broken = fake.site.addPage({ id: '2008', spaceKey: 'OPS', title: 'Pager rotation', body: '<p>Runbook: the on-call pager rotation and escalation checklist.</p>' });
    fake.failPage('2008', 404);
    const run = await api.sync({});
    expect(run.items.find((item) => item.key === 'OPS:2008:1')).toMatchObject({ status: 'failed' });
    expect(await redis.hgetall('emm:confluence-agent:cursor:OPS')).toMatchObject({ since: broken.versions[0].when, runId: run.id });

    fake.clearFailures();
    const retry = await api.request('POST', `/runs/${run.id}/retry`);
    expect(retry.status).toBeLessThan(300);
    const retried = await api.waitForEnd(run.id);
    expect(retried.state).toBe('completed');
    expect(retried.items.find((item) => item.key === 'OPS:2008:1')).toMatchObject({ status: 'done', notePath: `${RUNBOOKS}/Pager rotation.md` });
    expect(await redis.hgetall('emm:confluence-agent:cursor:OPS')).toMatchObject({ cursor: expect.stringMatching(/^cfl1\./), runId: run.id });
    // One summary per round: the retry's finish reports again, under its own dedupe key.
    await waitFor(() => summariesOf(run.id).length === 2, { timeoutMs: 15_000, message: 'the retry round’s summary' });
    expect(summariesOf(run.id).map((body) => (body as { dedupeKey: string }).dedupeKey).sort()).toEqual([`confluence-sync:${run.id}:0`, `confluence-sync:${run.id}:1`]);
  });

  it('syncs a large space listed in several calls, then rewrites only the pages that changed', async () => {
    const listRequests = (): number => fake.requestsTo(/\/wiki\/api\/v2\/spaces\/\d+\/pages$/).length;
    const requestsBefore = listRequests();
    const first = await api.sync({ spaces: ['BIG'] }, 90_000);
    expect(first.state).toBe('completed');
    expect(first.counts).toMatchObject({ total: BIG_PAGES, done: BIG_PAGES, failed: 0 });
    expect(listRequests() - requestsBefore).toBeGreaterThanOrEqual(BIG_PAGES / 100);

    const bigNotes = (): VaultNote[] => readVault(stack.vaultDir).filter((note) => note.frontMatter.space === 'BIG');
    const before = bigNotes();
    expect(before).toHaveLength(BIG_PAGES);
    BIG_KINDS.forEach((kind, index) => {
      expect(before.filter((note) => note.path.startsWith(`${kind.folder}/`))).toHaveLength(BIG_PAGES / BIG_KINDS.length);
      expect(before.find((note) => note.frontMatter.title === `Platform page 00${index}`)?.path).toBe(`${kind.folder}/Platform page 00${index}.md`);
    });

    fake.site.editPage('10007', '<p>Postmortem of the outage: timeline, root cause, follow-up actions, and lessons learnt.</p>');
    fake.site.editPage('10150', '<p>Runbook: the steps to deploy and roll back, now with canary checks.</p>');
    const incremental = await api.sync({ spaces: ['BIG'] });
    expect(incremental.state).toBe('completed');
    expect(incremental.items.filter((item) => item.status === 'done').map((item) => item.key).sort()).toEqual(['BIG:10007:2', 'BIG:10150:2']);
    expect(incremental.items.length).toBeLessThanOrEqual(3); // the two edits and at most the newest page of the last listing again

    const after = byPath(bigNotes());
    expect(after.size).toBe(BIG_PAGES);
    const rewritten = before.filter((note) => after.get(note.path)?.mtimeMs !== note.mtimeMs).map((note) => note.frontMatter.title);
    expect(rewritten.sort()).toEqual(['Platform page 007', 'Platform page 150']);
    expect(after.get(`${POSTMORTEMS}/Platform page 007.md`)).toMatchObject({ frontMatter: { version: 2 }, body: expect.stringContaining('lessons learnt') });
    expect(after.get(`${RUNBOOKS}/Platform page 150.md`)).toMatchObject({ frontMatter: { version: 2 }, body: expect.stringContaining('canary checks') });
  }, 120_000);

  it('with full: true lists every page again but rewrites none that is unchanged', async () => {
    const before = readVault(stack.vaultDir);
    const run = await api.sync({ spaces: ['OPS'], full: true });
    expect(run.items.filter((item) => item.status !== 'skipped')).toEqual([]);
    expect(run.state).toBe('completed');
    const pages = fake.site.pagesOf('OPS').length;
    expect(run.counts).toMatchObject({ total: pages, skipped: pages });
    expect(readVault(stack.vaultDir)).toEqual(before);
  });

  it('fails the run with what to do when confluence-service refuses a stored cursor, and a full sync repairs it', async () => {
    // E.g. the agent was pointed at another Confluence: its cursors belong to the old one.
    await redis.hset('emm:confluence-agent:cursor:OPS', { cursor: 'not-a-cursor-of-this-service', runId: 'old-run' });
    const refused = await api.sync({});
    expect(refused.state).toBe('failed');
    expect(refused.error).toMatch(/^planning failed: space OPS: confluence-service refused the stored sync position \(.+\); run the sync with "full": true$/);

    const repaired = await api.sync({ full: true });
    expect(repaired.state).toBe('completed');
    expect(repaired.items.filter((item) => item.status !== 'skipped')).toEqual([]);
    expect(await redis.hgetall('emm:confluence-agent:cursor:OPS')).toMatchObject({ cursor: expect.stringMatching(/^cfl1\./), runId: repaired.id });
  });

  it('keeps its cursors over a restart, and with NOTIFY_QUIET_RUNS=false a sync that finds nothing new sends nothing', async () => {
    const hooksBefore = receiver.received.length;
    await stack.stopApp('confluence-agent');
    await stack.startApp('confluence-agent', { NOTIFY_QUIET_RUNS: 'false' });
    api = new RunApi(stack.baseUrl('confluence-agent'), stack.token);

    const run = await api.sync({ spaces: ['OPS', 'BIG'] });
    expect(run.state).toBe('completed');
    expect(run.items.filter((item) => item.status !== 'skipped')).toEqual([]);
    // The stored sync cursors list only what changed at or after the newest change each space's last listing saw: those pages again.
    const newestPages = ['OPS', 'BIG'].flatMap((space) => {
      const pages = fake.site.pagesOf(space);
      const newest = current(pages[0]).when;
      return pages.filter((page) => current(page).when === newest).map((page) => `${space}:${page.id}:${current(page).number}`);
    });
    expect(run.items.map((item) => item.key).sort()).toEqual(newestPages.sort());
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.received.slice(hooksBefore)).toEqual([]);
  }, 60_000);
});
