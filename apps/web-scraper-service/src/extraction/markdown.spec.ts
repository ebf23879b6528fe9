import { elementsByTag, parseHtml } from './dom';
import { renderContent } from './markdown';

const base = new URL('https://blog.example/posts/one/');

function render(body: string) {
  const doc = parseHtml(`<html><body><div id="root">${body}</div></body></html>`);
  return renderContent(elementsByTag(doc, 'div')[0], base);
}

describe('renderContent', () => {
  it('renders headings, emphasis, links and images, with absolute URLs', () => {
    const { markdown, text } = render(
      '<h2>Getting <em>started</em></h2><p>Read the <a href="../guide">guide</a> or <a href="#top">jump</a>, then <strong>run it</strong>.</p><p><img src="/img/a.png" alt="A [diagram]"></p>',
    );
    expect(markdown).toBe(
      '## Getting *started*\n\nRead the [guide](https://blog.example/posts/guide) or jump, then **run it**.\n\n![A \\[diagram\\]](https://blog.example/img/a.png)',
    );
    expect(text).toBe('Getting started\n\nRead the guide or jump, then run it.');
  });

  it('keeps lists nested and numbered from their start', () => {
    const { markdown } = render('<ol start="3"><li>Mix</li><li>Bake<ul><li>at 180°C</li><li>for 45 min</li></ul></li></ol>');
    expect(markdown).toBe('3. Mix\n4. Bake\n   - at 180°C\n   - for 45 min');
  });

  it('fences code with its language and keeps it verbatim', () => {
    const { markdown, text } = render('<pre><code class="language-js">const a = `x`;\n  if (a &lt; 2) {}\n</code></pre><p>Use <code>npm i</code>.</p>');
    expect(markdown).toBe('```js\nconst a = `x`;\n  if (a < 2) {}\n```\n\nUse `npm i`.');
    expect(text).toBe('const a = `x`;\n  if (a < 2) {}\n\nUse npm i.');
  });

  it('turns data tables into GFM tables, escaping pipes', () => {
    const { markdown, text } = render('<table><tr><th>Flag</th><th>Meaning</th></tr><tr><td><code>-v</code></td><td>verbose | chatty</td></tr></table>');
    expect(markdown).toBe('| Flag | Meaning |\n| --- | --- |\n| `-v` | verbose \\| chatty |');
    expect(text).toBe('Flag\tMeaning\n-v\tverbose | chatty');
  });

  it('quotes blockquotes and keeps hard line breaks', () => {
    expect(render('<blockquote><p>First line<br>second line</p><p>Next</p></blockquote>').markdown).toBe('> First line  \n> second line\n>\n> Next');
  });

  it('escapes text that Markdown would misread', () => {
    const { markdown } = render('<p>1. not a list, *not bold*, [not a link] and a_b</p><p># not a heading</p>');
    expect(markdown).toBe('1\\. not a list, \\*not bold\\*, \\[not a link\\] and a\\_b\n\n\\# not a heading');
  });

  it('treats inline wrappers around blocks as containers (old <font> pages)', () => {
    expect(render('<font size="2"><p>One paragraph.</p><p>Another one.</p></font>').markdown).toBe('One paragraph.\n\nAnother one.');
  });
});
