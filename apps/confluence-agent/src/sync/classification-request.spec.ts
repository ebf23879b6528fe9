import { CLASSIFY_CONTENT_LIMITS, classifyContentInput } from '@emm/contracts';
import { CLASSIFY_TEXT_CHARS, classificationRequest, pageHints } from './classification-request';

const page = {
  id: '1',
  title: 'Deploy runbook',
  spaceKey: 'OPS',
  version: 1,
  lastModified: '2025-03-01T10:00:00.000Z',
  ancestors: [{ id: '100', title: 'Operations' }, { id: '101' }, { id: '102', title: 'Releases' }],
  labels: ['runbook', 'ops'],
  markdown: 'Steps to deploy.',
};

describe('classificationRequest', () => {
  it('sends the Markdown and title from confluence with the space, labels and ancestors as hints', () => {
    expect(classificationRequest(page, { key: 'OPS', name: 'Operations' })).toEqual({
      text: 'Steps to deploy.',
      title: 'Deploy runbook',
      source: 'confluence',
      // "ops" and the ancestor "Operations" repeat the space key and name: each hint once.
      hints: ['Operations', 'OPS', 'runbook', 'Releases'],
    });
  });

  it('stays within what classify_content accepts however large the page', () => {
    const huge = { ...page, markdown: `${'x'.repeat(CLASSIFY_TEXT_CHARS - 1)}😀 and more`, labels: Array.from({ length: 80 }, (_, i) => `label-${i}-${'y'.repeat(400)}`) };
    const request = classificationRequest(huge, { key: 'OPS', name: 'Operations' });
    expect(request.text.length).toBeLessThanOrEqual(CLASSIFY_TEXT_CHARS);
    expect(request.text.endsWith('x')).toBe(true); // never half an emoji
    expect(request.hints).toHaveLength(CLASSIFY_CONTENT_LIMITS.hints);
    expect(classifyContentInput.safeParse(request).success).toBe(true);
  });

  it('drops empty hints', () => {
    expect(pageHints({ labels: ['', '  '], ancestors: [] }, { key: 'OPS', name: '' })).toEqual(['OPS']);
  });
});
