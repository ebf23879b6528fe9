import { dataSummary, fileStem, isDataFile } from './data-files';

describe('data files', () => {
  it('are CSV and JSON', () => {
    expect(isDataFile('csv')).toBe(true);
    expect(isDataFile('json')).toBe(true);
    expect(isDataFile('text')).toBe(false);
  });

  it('are summarised by their shape', () => {
    expect(dataSummary('csv', { valid: true, rows: 3, columns: 3, header: 'Name | Stadt | Telefon', delimiter: ';' })).toBe('A table of 3 rows (header included) and 3 columns: Name | Stadt | Telefon.');
    expect(dataSummary('json', { valid: true, topLevel: 'array', items: 1 })).toBe('A JSON array of 1 item.');
    expect(dataSummary('json', { valid: true, topLevel: 'object', keys: 4 })).toBe('A JSON object with 4 keys.');
    expect(dataSummary('json', { valid: false, error: 'Unexpected token' })).toBe('Not valid JSON (Unexpected token).');
    expect(dataSummary('json', { valid: true, topLevel: 'string' })).toBeUndefined();
  });

  it('are named after the file', () => {
    expect(fileStem('contacts.csv')).toBe('contacts');
    expect(fileStem('archive.tar.gz')).toBe('archive.tar');
    expect(fileStem('.env')).toBe('.env');
  });
});
