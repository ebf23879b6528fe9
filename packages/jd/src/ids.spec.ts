import { JdIdError, parseJdId, safeParseJdId } from './ids';

describe('parseJdId', () => {
  it('reads the three levels and derives the parents', () => {
    expect(parseJdId('11.01')).toEqual({ kind: 'id', area: '10-19', category: '11', id: '11.01' });
    expect(parseJdId('11')).toEqual({ kind: 'category', area: '10-19', category: '11' });
    expect(parseJdId('10-19')).toEqual({ kind: 'area', area: '10-19' });
    expect(parseJdId('00.01')).toEqual({ kind: 'id', area: '00-09', category: '00', id: '00.01' });
    expect(parseJdId(' 99.99 ')).toEqual({ kind: 'id', area: '90-99', category: '99', id: '99.99' });
  });

  it.each([
    ['11.1', '"11.1" is not a JD ID (use the category number, a dot and two digits, like 11.01)'],
    ['11.001', '"11.001" is not a JD ID (use the category number, a dot and two digits, like 11.01)'],
    ['10-20', '"10-20" is not an area range (use NN-NN spanning ten, like 10-19)'],
    ['15-24', '"15-24" is not an area range (use NN-NN spanning ten, like 10-19)'],
    ['1', '"1" is not a JD number (use an area like 10-19, a category like 11 or an ID like 11.01)'],
    ['', '"" is not a JD number (use an area like 10-19, a category like 11 or an ID like 11.01)'],
    ['ab', '"ab" is not a JD number (use an area like 10-19, a category like 11 or an ID like 11.01)'],
  ])('rejects %j', (text, message) => {
    expect(() => parseJdId(text)).toThrow(new JdIdError(message, 'malformed'));
    expect(safeParseJdId(text)).toEqual({ ok: false, error: message, code: 'malformed' });
  });

  it('rejects .00 as reserved for the category index note', () => {
    expect(safeParseJdId('11.00')).toEqual({
      ok: false,
      error: '11.00 is reserved for the index note of category 11 (IDs start at 11.01)',
      code: 'reserved',
    });
    expect(() => parseJdId('11.00')).toThrow(JdIdError);
  });
});
