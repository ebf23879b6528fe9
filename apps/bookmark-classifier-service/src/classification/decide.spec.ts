import { decide, type Signal } from './decide';

const signal = (source: Signal['source'], categoryId: string, score: number, itemId?: string): Signal => ({
  source,
  categoryId,
  ...(itemId && { itemId }),
  score,
  detail: source,
});

describe('decide', () => {
  it('passes a single source through unchanged', () => {
    expect(decide([signal('content', '41', 0.62, '41.03')])).toEqual({ categoryId: '41', itemId: '41.03', confidence: 0.62, rivals: [] });
  });

  it('is more certain when sources agree', () => {
    const decision = decide([signal('domain_rule', '41', 0.85), signal('content', '41', 0.4)]);
    expect(decision).toMatchObject({ categoryId: '41', confidence: 0.91 });
  });

  it('lets a strong rule win over weak contrary content, discounted by the rival', () => {
    const decision = decide([signal('domain_rule', '41', 0.85), signal('content', '25', 0.3)]);
    expect(decision).toMatchObject({ categoryId: '41', rivals: [{ categoryId: '25', score: 0.3 }] });
    expect(decision?.confidence).toBeCloseTo(0.85 * (1 - 0.6 * 0.3), 3);
  });

  it('lands below the usual review threshold when strong sources disagree', () => {
    const decision = decide([signal('domain_rule', '41', 0.85), signal('content', '25', 0.9)]);
    expect(decision?.categoryId).toBe('25');
    expect(decision?.confidence).toBeLessThan(0.5);
    expect(decide([signal('domain_rule', '41', 0.85), signal('content', '25', 0.85)])?.confidence).toBeLessThan(0.5);
  });

  it('takes the ID from the most direct source that names one in the winning category', () => {
    const decision = decide([signal('content', '41', 0.5, '41.03'), signal('domain_rule', '41', 0.85, '41.01'), signal('folder_name', '41', 0.7, '41.02')]);
    expect(decision?.itemId).toBe('41.01');
    expect(decide([signal('domain_rule', '41', 0.85), signal('content', '41', 0.5, '41.03')])?.itemId).toBe('41.03');
    expect(decide([signal('domain_rule', '41', 0.85), signal('content', '42', 0.2, '42.01')])?.itemId).toBeUndefined();
  });

  it('breaks a tie in favour of the more direct kind of evidence', () => {
    expect(decide([signal('content', '25', 0.7), signal('folder_name', '43', 0.7)])?.categoryId).toBe('43');
  });

  it('has nothing to decide without evidence', () => {
    expect(decide([])).toBeUndefined();
    expect(decide([signal('content', '41', 0)])).toBeUndefined();
  });
});
