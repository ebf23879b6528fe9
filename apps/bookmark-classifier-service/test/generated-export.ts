/** A 1×1 PNG, as browsers embed favicons (real exports carry one per bookmark). */
const ICON = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const TOPICS = ['Dev', 'Rezepte & Küche', 'Travel', 'Finance', 'Reading', '写真', 'Music', 'Garden'];

/**
 * A Chrome-style Netscape export of `count` bookmarks: a bookmark bar with
 * folders two levels deep, favicons, entities, non-ASCII titles, tracking
 * parameters, and every 50th URL a duplicate of an earlier one.
 */
export function generateNetscapeExport(count: number): string {
  const lines = [
    '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
    '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
    '<TITLE>Bookmarks</TITLE>',
    '<H1>Bookmarks</H1>',
    '<DL><p>',
    '    <DT><H3 ADD_DATE="1689012345" LAST_MODIFIED="1712345678" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>',
    '    <DL><p>',
  ];
  const perFolder = 100;
  for (let i = 0; i < count; i++) {
    if (i % perFolder === 0) {
      if (i > 0) lines.push('            </DL><p>', '        </DL><p>');
      const topic = TOPICS[(i / perFolder) % TOPICS.length];
      lines.push(`        <DT><H3 ADD_DATE="1690000000">${topic}</H3>`, '        <DL><p>', `            <DT><H3 ADD_DATE="1690000001">${topic} ${i / perFolder}</H3>`, '            <DL><p>');
    }
    const n = i % 50 === 49 ? i - 25 : i;
    lines.push(
      `                <DT><A HREF="https://site${n % 997}.example.com/articles/${n}/?utm_source=newsletter&amp;id=${n}" ADD_DATE="${1_690_000_000 + i}" ICON="${ICON}">Article ${i} &amp; notes – “Überblick” ${TOPICS[i % TOPICS.length]}</A>`,
    );
  }
  if (count > 0) lines.push('            </DL><p>', '        </DL><p>');
  lines.push('    </DL><p>', '</DL><p>');
  return `${lines.join('\n')}\n`;
}
