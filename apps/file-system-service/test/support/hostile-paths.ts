import fc from 'fast-check';

/** Building blocks of traversal attempts seen in the wild, mixed with harmless names. */
export const HOSTILE_SEGMENTS = [
  '..',
  '.',
  '',
  '...',
  '.obsidian',
  '%2e%2e',
  '%2E%2E%2F',
  '%252e%252e',
  '..%2f',
  '%5c',
  '%00',
  '..\\..',
  '\\',
  '\0',
  '．．',
  '／',
  '＼',
  '\u2024\u2024',
  'C:',
  'c:\\windows',
  '~',
  '/etc/passwd',
  '\n',
  '\u0085',
  'a'.repeat(300),
  'é',
  'e\u0301',
  'outside',
  'secret.txt',
  'notes',
  '10-19 Finance',
  '11 Banking',
  '11.01 Statements',
  'report.pdf',
  ' ',
];

/** Paths built from those blocks: joined with / or \, absolute or not, with a trailing slash or not. */
export const hostilePath = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_SEGMENTS), fc.string({ maxLength: 6, unit: 'binary' })), { minLength: 1, maxLength: 8 })
  .chain((segments) => fc.constantFrom(segments.join('/'), `/${segments.join('/')}`, segments.join('\\'), `${segments.join('/')}/`, `../${segments.join('/')}`));

/** Anything at all: hostile paths, and arbitrary strings. */
export const anyPath = fc.oneof({ arbitrary: hostilePath, weight: 4 }, { arbitrary: fc.string({ unit: 'binary' }), weight: 1 });
