/**
 * Markdown → Slack mrkdwn for the basics people write in alerts: bold,
 * italic, strike-through, links, headings and bullet lists. Code spans and
 * fenced blocks pass through untouched (Slack reads them the same way), and
 * `&`, `<`, `>` are escaped everywhere else, as Slack requires, so text can
 * never forge a mention or a link.
 */
export function markdownToMrkdwn(markdown: string): string {
  return splitCode(markdown.replace(/\r\n?/g, '\n'))
    .map((segment) => (segment.code ? segment.text : convertProse(segment.text)))
    .join('');
}

/** Escapes text for any mrkdwn field (Slack's three control characters). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface Segment {
  text: string;
  code: boolean;
}

/** Fenced blocks (```…```) and inline code (`…`) versus everything else. */
function splitCode(text: string): Segment[] {
  const segments: Segment[] = [];
  const code = /```[\s\S]*?```|`[^`\n]+`/g;
  let last = 0;
  for (const match of text.matchAll(code)) {
    if (match.index > last) segments.push({ text: text.slice(last, match.index), code: false });
    segments.push({ text: match[0], code: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), code: false });
  return segments;
}

const LINK = /!?\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

/** Links become placeholders first so that neither escaping nor emphasis rules touch their URLs. */
function convertProse(text: string): string {
  const links: string[] = [];
  const withPlaceholders = text.replace(LINK, (whole, label: string, url: string) => {
    if (!/^(https?:|mailto:)/i.test(url)) return whole;
    links.push(`<${url.replace(/\|/g, '%7C')}|${convertInline(escapeMrkdwn(label))}>`);
    return `\u0000${links.length - 1}\u0000`;
  });
  const converted = withPlaceholders
    .split('\n')
    .map((line) => convertLine(escapeMrkdwn(line)))
    .join('\n');
  return converted.replace(/\u0000(\d+)\u0000/g, (_, index: string) => links[Number(index)]);
}

function convertLine(line: string): string {
  const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return heading[1] === '' ? '' : `*${stripBold(heading[1])}*`;
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) return `${bullet[1]}• ${convertInline(bullet[2])}`;
  return convertInline(line);
}

/** Emphasis: italic first (single markers), then bold, so `**x**` never turns into `_x_`. */
function convertInline(text: string): string {
  return text
    .replace(/(^|[^*\w])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![*\w])/g, '$1_$2_')
    .replace(/\*\*(?!\s)([^\n]+?)(?<!\s)\*\*/g, '*$1*')
    .replace(/(^|\W)__(?!\s)([^\n]+?)(?<!\s)__(?!\w)/g, '$1*$2*')
    .replace(/~~(?!\s)([^~\n]+?)(?<!\s)~~/g, '~$1~');
}

function stripBold(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/__(.+?)__/g, '$1');
}
