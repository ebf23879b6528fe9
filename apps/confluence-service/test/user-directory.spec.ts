import type { FakeConfluence } from '@emm/stack';
import { createConfluenceApi } from '../src/confluence/create-api';
import type { ConfluenceApi } from '../src/confluence/model';
import { UserDirectory } from '../src/confluence/user-directory';
import { confluenceEnv, documentationSite, fakeConfluence, testConfig } from './support';

describe('UserDirectory', () => {
  let fake: FakeConfluence;
  let api: ConfluenceApi;
  const warnings: string[] = [];
  const log = { warn: (message: string) => warnings.push(message) };

  beforeEach(async () => {
    warnings.length = 0;
    fake = await fakeConfluence('cloud', documentationSite('cloud'));
    api = createConfluenceApi(testConfig({ REDIS_URL: 'redis://127.0.0.1:1', CONFLUENCE_RETRY_ATTEMPTS: '0', ...confluenceEnv(fake, 'cloud') }), 'test');
  });

  afterEach(async () => {
    await api.close();
    await fake.stop();
  });

  it('looks each user up once and then answers from memory', async () => {
    const directory = new UserDirectory(api, undefined, log);
    const first = await directory.namesFor([{ accountId: 'acc-ada' }, { accountId: 'acc-unknown' }]);
    expect(first({ accountId: 'acc-ada' })).toBe('Ada Lovelace');
    expect(first({ accountId: 'acc-unknown' })).toBeUndefined();
    const again = await directory.namesFor([{ accountId: 'acc-ada' }]);
    expect(again({ accountId: 'acc-ada' })).toBe('Ada Lovelace');
    expect(fake.requestsTo(/users-bulk$/)).toHaveLength(1);
  });

  it('degrades to no names, with a warning, when Confluence cannot answer', async () => {
    fake.failNext(1, 500, { path: /users-bulk$/ });
    const names = await new UserDirectory(api, undefined, log).namesFor([{ accountId: 'acc-ada' }]);
    expect(names({ accountId: 'acc-ada' })).toBeUndefined();
    expect(warnings).toEqual(['user names could not be looked up; mentions show as @user']);
  });
});
