import { join } from 'node:path';
import { loadSpaceFile } from './space-file';
import { current, FakeSite } from './site';

describe('loadSpaceFile', () => {
  it('loads the space, its page tree and every version, the last one current', () => {
    const site = new FakeSite();
    const space = loadSpaceFile(site, join(__dirname, '../../../test/fixtures/space.json'));
    expect(space).toMatchObject({ key: 'ENG', name: 'Engineering' });
    const runbook = site.page('770002');
    expect(runbook.versions.map((version) => version.number)).toEqual([1, 2]);
    expect(current(runbook)).toMatchObject({ when: '2026-10-03T09:00:00.000Z', body: '<p>Deploy with helm upgrade --install.</p>' });
    expect(site.ancestorsOf(runbook).map((page) => page.title)).toEqual(['Home']);
  });

  it('loads the demo space', () => {
    const site = new FakeSite();
    expect(loadSpaceFile(site, join(__dirname, '../../../../../examples/demo/confluence/space.json')).key).toBe('OPS');
    expect(site.pagesOf('OPS').length).toBeGreaterThanOrEqual(12);
  });
});
