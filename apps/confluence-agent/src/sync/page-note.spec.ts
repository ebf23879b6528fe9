import { pageFrontMatter, pageNoteWrite, type FullPage } from './page-note';

const page: FullPage = {
  id: '65538',
  title: 'Deploy runbook',
  spaceKey: 'OPS',
  version: 4,
  lastModified: '2025-03-01T10:00:00.000Z',
  ancestors: [{ id: '100', title: 'Operations' }, { id: '101' }],
  labels: ['runbook', 'deploy'],
  webUrl: 'https://example.atlassian.net/wiki/spaces/OPS/pages/65538',
  markdown: '# Deploy\n\n1. Build\n2. Ship\n',
  attachments: [],
  linkedPages: [],
  unknownMacros: [],
};
const classification = { provider: 'heuristic' as const, model: 'keyword-v1', confidence: 0.8765, tags: ['deploy', 'release'] };
const placement = { folder: '30-39 Work/35 Processes and runbooks/35.01 Runbooks', jdId: '35.01', inbox: false, fileTitle: 'Deploy runbook' };
const space = { key: 'OPS', name: 'Operations' };

describe('page notes', () => {
  it('has the shared front matter plus the page’s space, version, URL, labels and ancestors', () => {
    expect(pageFrontMatter({ page, space, classification, placement })).toEqual({
      title: 'Deploy runbook',
      jd_id: '35.01',
      jd_path: '30-39 Work/35 Processes and runbooks/35.01 Runbooks',
      source: { kind: 'confluence', id: '65538', hash: '4' },
      classifier: { provider: 'heuristic', model: 'keyword-v1' },
      confidence: 0.88,
      needs_review: false,
      tags: ['deploy', 'release'],
      space: 'OPS',
      version: 4,
      url: 'https://example.atlassian.net/wiki/spaces/OPS/pages/65538',
      labels: ['runbook', 'deploy'],
      ancestors: ['Operations', '101'],
    });
  });

  it('flags a note in the review inbox for review and leaves out a URL the page does not have', () => {
    const { webUrl: _, ...withoutUrl } = page;
    const frontMatter = pageFrontMatter({ page: withoutUrl, space, classification, placement: { ...placement, inbox: true, folder: '00-09 System/00 Index and inbox/00.01 Review inbox', jdId: '00.01' } });
    expect(frontMatter.needs_review).toBe(true);
    expect(frontMatter.jd_id).toBe('00.01');
    expect(frontMatter).not.toHaveProperty('url');
    expect(frontMatter).not.toHaveProperty('suggested');
  });

  it('records the classifier’s best guess on a note in the review inbox', () => {
    const guessed = { ...classification, category: { id: '35', name: 'Processes and runbooks', path: '30-39 Work/35 Processes and runbooks' }, item: null };
    const frontMatter = pageFrontMatter({ page, space, classification: guessed, placement: { ...placement, inbox: true, folder: '00-09 System/00 Index and inbox/00.01 Review inbox', jdId: '00.01' } });
    expect(frontMatter.suggested).toEqual({ jd_id: '35', jd_path: '30-39 Work/35 Processes and runbooks' });
    expect(pageFrontMatter({ page, space, classification: guessed, placement })).not.toHaveProperty('suggested');
  });

  it('replaces the page’s note in its placement folder with the page Markdown as body', () => {
    const write = pageNoteWrite({ page, space, classification, placement });
    expect(write).toMatchObject({ folder: placement.folder, title: 'Deploy runbook', body: '# Deploy\n\n1. Build\n2. Ship\n', mode: 'replace' });
  });

  it('keeps the file of a renamed page: the first title names the file, the new one goes into the front matter', () => {
    const write = pageNoteWrite({ page: { ...page, title: 'Deploy runbook (v2)' }, space, classification, placement });
    expect(write.title).toBe('Deploy runbook');
    expect(write.frontMatter).toMatchObject({ title: 'Deploy runbook (v2)' });
  });
});
