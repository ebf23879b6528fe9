import { isReadableType, pageKind } from './page-scraper';

describe('what fetch_page reads', () => {
  it('reads HTML, text and PDF bodies (and bodies without a type, to sniff them); others stay metadata only', () => {
    for (const type of ['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown', 'application/pdf', undefined]) expect(isReadableType(type)).toBe(true);
    for (const type of ['image/png', 'application/zip', 'video/mp4', 'application/octet-stream', 'application/json']) expect(isReadableType(type)).toBe(false);
  });

  it('tells the kind from the Content-Type, else from the first bytes', () => {
    expect(pageKind({ mediaType: 'text/html', body: Buffer.from('%PDF-1.7') })).toBe('html');
    expect(pageKind({ mediaType: 'application/pdf' })).toBe('pdf');
    expect(pageKind({ mediaType: 'image/png' })).toBe('other');
    expect(pageKind({ mediaType: undefined, body: Buffer.from('%PDF-1.4\n...') })).toBe('pdf');
    expect(pageKind({ mediaType: undefined, body: Buffer.from('\n  <!DOCTYPE html><html><p>hi</p>') })).toBe('html');
    expect(pageKind({ mediaType: undefined, body: Buffer.from('just some words\n') })).toBe('text');
    expect(pageKind({ mediaType: undefined, body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]) })).toBe('other');
  });
});
