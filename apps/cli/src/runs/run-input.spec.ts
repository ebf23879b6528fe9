import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRunInput } from './run-input';

describe('buildRunInput', () => {
  let dir: string;
  const noStdin = () => Promise.reject(new Error('stdin must not be read'));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'emm-cli-input-'));
    writeFileSync(join(dir, 'bookmarks.html'), '<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DT><A HREF="https://example.com/">Example</A>\n');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is the JSON object given, or read from stdin with -', async () => {
    expect(await buildRunInput('{"prefix":"scans"}', undefined, noStdin)).toEqual({ prefix: 'scans' });
    expect(await buildRunInput('-', undefined, () => Promise.resolve('{"limit":5}'))).toEqual({ limit: 5 });
  });

  it('uploads a --file export as the content, next to the other fields', async () => {
    expect(await buildRunInput('{"format":"netscape-html"}', join(dir, 'bookmarks.html'), noStdin)).toEqual({
      format: 'netscape-html',
      content: '<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DT><A HREF="https://example.com/">Example</A>\n',
    });
  });

  it('says why a --file cannot be used', async () => {
    await expect(buildRunInput('{}', join(dir, 'missing.html'), noStdin)).rejects.toThrow(`cannot read --file ${join(dir, 'missing.html')}: no such file`);
    await expect(buildRunInput('{}', dir, noStdin)).rejects.toThrow(`cannot read --file ${dir}: it is a folder`);
    await expect(buildRunInput('{"urls":["https://example.com"]}', join(dir, 'bookmarks.html'), noStdin)).rejects.toThrow('--file is the export already: leave urls out of the input');
  });
});
