import { StorageDocument, storageToMarkdown } from './storage-document';

const md = (xhtml: string) => storageToMarkdown(xhtml).markdown;

describe('storageToMarkdown', () => {
  it('gives an empty string for an empty body', () => {
    expect(md('')).toBe('');
    expect(md('<p> </p>\n')).toBe('');
  });

  it('survives broken markup: unclosed tags, stray CDATA, unknown namespaces', () => {
    const out = md('<p>open <strong>never closed<p>next</p><ac:rich-text-body><![CDATA[ stray ]]></ac:rich-text-body><xyz:thing a="1">kept</xyz:thing>');
    expect(out).toContain('open **never closed');
    expect(out).toContain('next');
    expect(out).toContain('stray');
    expect(out).toContain('kept');
  });

  it('never drops an unknown macro: its body, or its parameters, or at least its name', () => {
    const bodies = [
      ['<ac:structured-macro ac:name="x1"><ac:rich-text-body><p>rich body</p></ac:rich-text-body></ac:structured-macro>', 'rich body'],
      ['<ac:structured-macro ac:name="x2"><ac:plain-text-body><![CDATA[plain body]]></ac:plain-text-body></ac:structured-macro>', 'plain body'],
      ['<ac:structured-macro ac:name="x3"><ac:parameter ac:name="title">Its title</ac:parameter></ac:structured-macro>', 'Its title'],
      ['<ac:structured-macro ac:name="x4" />', 'x4'],
      ['<p>in <ac:structured-macro ac:name="x5"><ac:parameter ac:name="key">K-1</ac:parameter></ac:structured-macro> text</p>', 'K-1'],
    ];
    for (const [xhtml, text] of bodies) expect(md(xhtml)).toContain(text);
  });

  it('lists each mentioned user once, for the name lookup', () => {
    const document = StorageDocument.parse(
      '<p><ac:link><ri:user ri:account-id="a1"/></ac:link><ac:link><ri:user ri:account-id="a1"/></ac:link><ri:user ri:userkey="k1"/><ri:user ri:username="bob"/></p>',
    );
    expect(document.userRefs()).toEqual([{ accountId: 'a1' }, { userKey: 'k1' }, { username: 'bob' }]);
  });

  it('uses the looked-up display name, and @user when there is none', () => {
    const document = StorageDocument.parse('<p><ac:link><ri:user ri:account-id="a1"/></ac:link> and <ac:link><ri:user ri:account-id="a2"/></ac:link></p>');
    const result = document.toMarkdown({ userName: (ref) => (ref.accountId === 'a1' ? 'Ada' : undefined) });
    expect(result.markdown).toBe('@Ada and @user\n');
  });

  it('keeps a code block intact even when it contains a fence of its own', () => {
    const out = md('<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">md</ac:parameter><ac:plain-text-body><![CDATA[````\nx\n````]]></ac:plain-text-body></ac:structured-macro>');
    expect(out).toBe('`````md\n````\nx\n````\n`````\n');
  });

  it('renders block content inside a table cell on one line', () => {
    const out = md('<table><tr><th>a</th></tr><tr><td><ac:structured-macro ac:name="info"><ac:rich-text-body><p>careful</p></ac:rich-text-body></ac:structured-macro></td></tr></table>');
    expect(out).toBe('| a |\n| --- |\n| **info** careful |\n');
  });
});
