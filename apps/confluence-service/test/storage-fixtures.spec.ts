import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { type PageAttachment, storageToMarkdown, type UserRef } from '../src/storage';

/**
 * Storage-format fixtures with the Markdown they must become, byte for byte.
 * `<name>.storage.xml` is the page body, `<name>.md` the expected Markdown,
 * `<name>.context.json` (optional) the user names and attachments the API
 * would have supplied.
 */
const FIXTURES = join(__dirname, 'fixtures/storage');

interface FixtureContext {
  users?: Record<string, string>;
  attachments?: PageAttachment[];
}

function userKey(ref: UserRef): string {
  if (ref.accountId) return `account:${ref.accountId}`;
  if (ref.userKey) return `key:${ref.userKey}`;
  return `name:${ref.username ?? ''}`;
}

function convertFixture(name: string) {
  const contextFile = join(FIXTURES, `${name}.context.json`);
  const context = (existsSync(contextFile) ? JSON.parse(readFileSync(contextFile, 'utf8')) : {}) as FixtureContext;
  return storageToMarkdown(readFileSync(join(FIXTURES, `${name}.storage.xml`), 'utf8'), {
    userName: (ref) => context.users?.[userKey(ref)],
    attachments: context.attachments,
  });
}

const names = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.storage.xml'))
  .map((file) => file.replace('.storage.xml', ''))
  .sort();

describe('storage format → Markdown fixtures', () => {
  it.each(names)('%s converts to the expected Markdown', (name) => {
    expect(convertFixture(name).markdown).toBe(readFileSync(join(FIXTURES, `${name}.md`), 'utf8'));
  });

  it('the fixtures cover every element the converter promises to handle', () => {
    const all = names.map((name) => readFileSync(join(FIXTURES, `${name}.storage.xml`), 'utf8')).join('\n');
    const required = [
      '<h1>', '<h2>', '<h6>', '<ul>', '<ol', '<table', '<th>', 'colspan=', '<a href=', '<ac:link>', 'ac:anchor=', '<ri:page', '<ri:blog-post',
      '<ri:user ri:account-id', '<ri:user ri:userkey', '<ri:user ri:username', '<ri:attachment', '<ac:image', 'ac:name="code"', 'ac:name="noformat"',
      'ac:name="info"', 'ac:name="note"', 'ac:name="warning"', 'ac:name="tip"', 'ac:name="expand"', 'ac:name="panel"', '<ac:task-list>',
      'complete</ac:task-status>', 'incomplete</ac:task-status>', 'ac:name="status"', 'ac:name="jira"', '<ac:emoticon', '<ac:adf-extension>',
      '<ac:layout>', '<blockquote>', '<pre>', '<hr/>', '<br/>', '<![CDATA[', 'ac:name="fancy-box"', 'ac:name="children"',
    ];
    expect(required.filter((fragment) => !all.includes(fragment))).toEqual([]);
  });

  it('reports the pages a body links to and the macros it did not know', () => {
    expect(convertFixture('links').linkedPages).toEqual([
      { title: 'Architecture Overview' },
      { title: 'Onboarding Guide' },
      { title: 'Runbook', spaceKey: 'OPS' },
      { title: 'Glossary' },
      { title: 'Quarterly update' },
    ]);
    expect(convertFixture('unknown-macros').unknownMacros).toEqual(['fancy-box', 'mermaid', 'children', 'include', 'recently-updated', 'custom-badge', 'legacy-thing']);
    expect(convertFixture('callouts').unknownMacros).toEqual([]);
  });
});
