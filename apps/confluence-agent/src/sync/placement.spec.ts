import { decidePlacement, newIdRequest } from './placement';

const category = { id: '35', name: 'Processes and runbooks', path: '30-39 Work/35 Processes and runbooks' };
const item = { id: '35.01', name: 'Runbooks', path: '30-39 Work/35 Processes and runbooks/35.01 Runbooks' };

describe('decidePlacement', () => {
  it('files a confident classification with a fitting ID under that ID', () => {
    expect(decidePlacement({ needs_review: false, category, item })).toEqual({ kind: 'existing', jdId: '35.01', folder: item.path });
  });

  it('asks for a new ID when the category fits but none of its IDs does', () => {
    expect(decidePlacement({ needs_review: false, category, item: null })).toEqual({ kind: 'allocate', categoryId: '35' });
  });

  it('sends low confidence to the review inbox, even with a candidate place', () => {
    expect(decidePlacement({ needs_review: true, category, item })).toEqual({ kind: 'inbox' });
  });

  it('sends a page nothing fits to the review inbox', () => {
    expect(decidePlacement({ needs_review: false, category: null, item: null })).toEqual({ kind: 'inbox' });
  });
});

describe('newIdRequest', () => {
  it('names the new ID after the space and keys it by the space, so all its pages share one ID', () => {
    expect(newIdRequest({ key: 'OPS', name: 'Operations' }, '35')).toEqual({ category: '35', name: 'Operations', key: 'confluence-space:OPS' });
    expect(newIdRequest({ key: 'OPS', name: 'Operations renamed' }, '35').key).toBe('confluence-space:OPS');
  });

  it('falls back to the key for a space without a name and keeps names within 120 characters', () => {
    expect(newIdRequest({ key: 'OPS', name: '  ' }, '35').name).toBe('OPS');
    expect(newIdRequest({ key: 'OPS', name: 'x'.repeat(300) }, '35').name).toHaveLength(120);
  });
});
