import { markdownToMrkdwn } from './slack-mrkdwn';

describe('markdownToMrkdwn', () => {
  it.each([
    ['**bold**', '*bold*'],
    ['__bold__', '*bold*'],
    ['*italic* and _italic_', '_italic_ and _italic_'],
    ['~~gone~~', '~gone~'],
    ['see [the dashboard](https://grafana.example/d/1?a=1&b=2)', 'see <https://grafana.example/d/1?a=1&b=2|the dashboard>'],
    ['[**bold link**](https://x.example)', '<https://x.example|*bold link*>'],
    ['## Disk usage', '*Disk usage*'],
    ['- one\n* two\n+ three', '• one\n• two\n• three'],
    ['**a *b* c**', '*a _b_ c*'],
  ])('%j → %j', (markdown, mrkdwn) => {
    expect(markdownToMrkdwn(markdown)).toBe(mrkdwn);
  });

  it('escapes &, < and > so text cannot forge mentions or links', () => {
    expect(markdownToMrkdwn('a < b && c > d <!channel>')).toBe('a &lt; b &amp;&amp; c &gt; d &lt;!channel&gt;');
  });

  it('leaves code untouched', () => {
    const markdown = 'run `rm **x**` then\n```\n**not bold** [x](https://y)\n```';
    expect(markdownToMrkdwn(markdown)).toBe(markdown);
  });

  it('keeps links that are not http(s) or mailto as text', () => {
    expect(markdownToMrkdwn('[click](javascript:alert(1))')).toBe('[click](javascript:alert(1))');
  });

  it('does not treat a multiplication or a lone asterisk as emphasis', () => {
    expect(markdownToMrkdwn('2 * 3 * 4 = 24')).toBe('2 * 3 * 4 = 24');
  });
});
