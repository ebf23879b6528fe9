import { confidenceOf } from './confidence';

describe('confidenceOf', () => {
  it('is high when one category clearly leads with many supporting terms', () => {
    expect(confidenceOf({ scores: [0.85, 0.45, 0.3], supportingTerms: 8 })).toBeGreaterThan(0.9);
  });

  it('is low for a near tie, however strong the match', () => {
    expect(confidenceOf({ scores: [0.76, 0.75], supportingTerms: 10 })).toBeLessThan(0.2);
  });

  it('is low when a single word carries the match', () => {
    expect(confidenceOf({ scores: [0.32, 0.05], supportingTerms: 1 })).toBeLessThan(0.5);
  });

  it('is 0 without any match, and grows with the lead', () => {
    expect(confidenceOf({ scores: [], supportingTerms: 0 })).toBe(0);
    const small = confidenceOf({ scores: [0.7, 0.65], supportingTerms: 5 });
    const large = confidenceOf({ scores: [0.7, 0.45], supportingTerms: 5 });
    expect(large).toBeGreaterThan(small);
    expect(large).toBeLessThanOrEqual(1);
  });
});
