import { posix } from 'node:path';
import fc from 'fast-check';
import { hostilePath } from '../../test/support/hostile-paths';
import { comparePaths, parseRelativePath, PathRuleError } from './relative-path';

function rule(input: string, options = {}): string {
  try {
    parseRelativePath(input, options);
  } catch (error) {
    if (error instanceof PathRuleError) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('parseRelativePath', () => {
  it('accepts ordinary relative paths, Unicode included', () => {
    expect(parseRelativePath('10-19 Finance/11 Banking/11.01 Statements/2026-03 Bank statement.md')).toBe(
      '10-19 Finance/11 Banking/11.01 Statements/2026-03 Bank statement.md',
    );
    expect(parseRelativePath('Straße/Überweisung 100%.pdf')).toBe('Straße/Überweisung 100%.pdf');
    expect(parseRelativePath('a/b/', { folder: true })).toBe('a/b');
    expect(parseRelativePath('', { folder: true })).toBe('');
  });

  it.each([
    ['../etc/passwd', 'must not contain . or .. segments'],
    ['a/../../b', 'must not contain . or .. segments'],
    ['./a', 'must not contain . or .. segments'],
    ['/etc/passwd', 'must be relative to its root (no leading /, \\ or drive letter)'],
    ['C:/Windows/win.ini', 'must be relative to its root (no leading /, \\ or drive letter)'],
    ['\\\\server\\share', 'must be relative to its root (no leading /, \\ or drive letter)'],
    ['a\\..\\b', 'must use / as the separator (no backslashes)'],
    ['a\0.pdf', 'must not contain NUL bytes'],
    ['a\nb', 'must not contain control characters'],
    ['..%2fetc%2fpasswd', 'must not contain percent-encoded separators, dots or NUL (%2F, %5C, %2E, %00)'],
    ['%252e%252e/x', 'must not contain percent-encoded separators, dots or NUL (%2F, %5C, %2E, %00)'],
    ['．．/secret', 'must not contain characters that normalise to separators or dots (such as fullwidth ／ or ．)'],
    ['a／..／b', 'must not contain characters that normalise to separators or dots (such as fullwidth ／ or ．)'],
    ['a//b', 'must not contain empty segments (//)'],
    ['.obsidian/app.json', 'must not contain hidden segments (names starting with .)'],
    ['', 'must not be empty'],
    ['a/', 'must name a file, not end with /'],
    [`${'x'.repeat(256)}.md`, 'must not have a segment longer than 255 bytes'],
    ['x'.repeat(1025), 'must be at most 1024 characters'],
  ].map(([input, expected]) => [input.length > 40 ? `${input.slice(0, 12)}… (${input.length} characters)` : JSON.stringify(input), input, expected]))(
    'rejects %s: %s',
    (_label, input, expected) => {
      expect(rule(input)).toBe(expected);
    },
  );

  it('property: any input is rejected, or stays inside its root whatever layer reads it', () => {
    fc.assert(
      fc.property(fc.oneof(hostilePath, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (input) => {
        let path: string;
        try {
          path = parseRelativePath(input);
        } catch (error) {
          return error instanceof PathRuleError;
        }
        const root = '/srv/vault';
        for (const form of [path, path.normalize('NFKC'), path.normalize('NFC')]) {
          const resolved = posix.resolve(root, form.replace(/\\/g, '/'));
          if (!resolved.startsWith(`${root}/`)) return false;
          if (posix.normalize(form) !== form) return false;
        }
        if (/%(?:25)*(?:2f|5c|2e|00)/i.test(path) || path.includes('\0')) return false;
        // A URL-decoding layer must not find a way out either.
        const decoded = safeDecode(path);
        return posix.resolve(root, decoded).startsWith(`${root}/`);
      }),
      { numRuns: 5_000 },
    );
  });
});

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

describe('comparePaths', () => {
  it('orders by UTF-8 bytes like S3 lists keys', () => {
    expect(['b', 'ä', 'a/z', 'a-b', 'A'].sort(comparePaths)).toEqual(['A', 'a-b', 'a/z', 'b', 'ä']);
  });
});
