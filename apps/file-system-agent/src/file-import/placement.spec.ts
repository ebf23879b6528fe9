import { allocationKey, type Classification, choosePlacement, roundConfidence } from './placement';

const banking = { id: '11', name: 'Banking', path: '10-19 Finance/11 Banking' };
const statements = { id: '11.01', name: 'Statements', path: '10-19 Finance/11 Banking/11.01 Statements' };
const inbox = { id: '00.01', name: 'Review inbox', path: '00-09 System/00 Index and inbox/00.01 Review inbox' };

function classification(overrides: Partial<Classification>): Classification {
  return {
    category: banking,
    item: statements,
    alternatives: [],
    confidence: 0.8,
    needs_review: false,
    destination: statements,
    title: 'Statement',
    summary: '',
    tags: [],
    provider: 'heuristic',
    model: 'jd-scorer-v1',
    structure_version: 'v1',
    cached: false,
    ...overrides,
  };
}

describe('choosePlacement', () => {
  const options = { newIdName: 'Imported files' };

  it('files into the ID the classifier chose', () => {
    expect(choosePlacement(classification({}), options)).toEqual({ kind: 'id', id: '11.01', category: banking });
  });

  it('allocates one shared ID per category when the category fits but none of its IDs does', () => {
    expect(choosePlacement(classification({ item: null, destination: banking }), options)).toEqual({
      kind: 'allocate',
      category: banking,
      name: 'Imported files',
      key: 'file-import:imported files',
    });
  });

  it('sends an unsure classification to review, with the confidence and the best guess', () => {
    expect(choosePlacement(classification({ needs_review: true, confidence: 0.314, destination: inbox }), options)).toEqual({
      kind: 'review',
      reason: 'the classifier is not sure (confidence 0.31)',
      suggestion: statements,
    });
  });

  it('sends what fits nowhere to review without a guess', () => {
    expect(choosePlacement(classification({ category: null, item: null, needs_review: true, confidence: 0, destination: inbox }), options)).toEqual({
      kind: 'review',
      reason: 'nothing in the JD structure fits',
    });
  });

  it('sends a file without text to review however sure the classifier is of its name', () => {
    expect(choosePlacement(classification({ confidence: 0.95 }), { ...options, reviewReason: 'its text could not be extracted' })).toEqual({
      kind: 'review',
      reason: 'its text could not be extracted',
      suggestion: statements,
    });
  });
});

describe('allocationKey', () => {
  it('is the same for the same name whatever its case or spaces around it', () => {
    expect(allocationKey(' Imported Files ')).toBe(allocationKey('imported files'));
    expect(allocationKey('Scans')).not.toBe(allocationKey('imported files'));
  });
});

describe('roundConfidence', () => {
  it('keeps two decimals inside 0..1', () => {
    expect(roundConfidence(0.456)).toBe(0.46);
    expect(roundConfidence(1.2)).toBe(1);
    expect(roundConfidence(-0.1)).toBe(0);
  });
});
