import { normalizeUrl } from './url-normalizer';

function normalized(raw: string): string {
  const result = normalizeUrl(raw);
  if (!result.ok) throw new Error(`expected ${raw} to normalise, got: ${result.reason}`);
  return result.url;
}

function reason(raw: string): string {
  const result = normalizeUrl(raw);
  if (result.ok) throw new Error(`expected ${raw} to be refused, got ${result.url}`);
  return result.reason;
}

describe('normalizeUrl', () => {
  it('lower-cases scheme and host but keeps the path as written', () => {
    expect(normalized('HTTPS://GitHub.COM/Org/Repo')).toBe('https://github.com/Org/Repo');
  });

  it('drops default ports and keeps others', () => {
    expect(normalized('http://example.com:80/a')).toBe('http://example.com/a');
    expect(normalized('https://example.com:443/a')).toBe('https://example.com/a');
    expect(normalized('https://example.com:8443/a')).toBe('https://example.com:8443/a');
  });

  it('drops a trailing slash except on the root', () => {
    expect(normalized('https://example.com/docs/')).toBe('https://example.com/docs');
    expect(normalized('https://example.com/docs//')).toBe('https://example.com/docs');
    expect(normalized('https://example.com')).toBe('https://example.com/');
    expect(normalized('https://example.com/')).toBe('https://example.com/');
  });

  it('drops fragments but keeps hash routes of single-page apps', () => {
    expect(normalized('https://example.com/page#section-2')).toBe('https://example.com/page');
    expect(normalized('https://mail.example.com/#/inbox/42')).toBe('https://mail.example.com/#/inbox/42');
    expect(normalized('https://example.com/#!/item/3')).toBe('https://example.com/#!/item/3');
  });

  it('removes tracking parameters, any utm_*, and keeps the rest', () => {
    expect(
      normalized('https://example.com/a?utm_source=news&utm_medium=email&UTM_Campaign=x&fbclid=1&gclid=2&dclid=3&msclkid=4&mc_cid=5&mc_eid=6&igshid=7&yclid=8&_hsenc=9&_hsmi=10&ref_src=twsrc&id=42'),
    ).toBe('https://example.com/a?id=42');
    expect(normalized('https://example.com/a?utm_source=news')).toBe('https://example.com/a');
  });

  it('removes share markers only on the sites where they are markers', () => {
    expect(normalized('https://www.youtube.com/watch?v=abc&si=share123&feature=share')).toBe('https://www.youtube.com/watch?v=abc');
    expect(normalized('https://example.com/search?si=keep&feature=keep')).toBe('https://example.com/search?feature=keep&si=keep');
  });

  it('sorts query parameters by name so reordered URLs are equal, keeping repeated names in order', () => {
    expect(normalized('https://example.com/p?b=2&a=1')).toBe(normalized('https://example.com/p?a=1&b=2'));
    expect(normalized('https://example.com/p?tag=z&a=1&tag=a')).toBe('https://example.com/p?a=1&tag=z&tag=a');
  });

  it('keeps the original encoding of values', () => {
    expect(normalized('https://example.com/s?redirect=%2Fhome&q=caf%C3%A9+au+lait')).toBe('https://example.com/s?q=caf%C3%A9+au+lait&redirect=%2Fhome');
  });

  it('drops an empty query and a trailing dot of the host', () => {
    expect(normalized('https://example.com/a?')).toBe('https://example.com/a');
    expect(normalized('https://example.com./a')).toBe('https://example.com/a');
  });

  it('turns IDN hosts into punycode and resolves dot segments', () => {
    expect(normalized('https://bücher.example/a/./b/../c')).toBe('https://xn--bcher-kva.example/a/c');
  });

  it('reads a bare host as https', () => {
    expect(normalized('www.bbc.co.uk/news')).toBe('https://www.bbc.co.uk/news');
  });

  it('refuses what is not a web page address, saying why', () => {
    expect(reason('javascript:alert(1)')).toMatch(/unsupported scheme "javascript:"/);
    expect(reason('place:sort=8&maxResults=10')).toMatch(/unsupported scheme "place:"/);
    expect(reason('ftp://files.example.com/x')).toMatch(/unsupported scheme "ftp:"/);
    expect(reason('not a url')).toMatch(/not an absolute URL/);
    expect(reason('')).toBe('URL is empty');
    expect(reason('https://exa mple.com/')).toBe('not a valid URL');
    expect(reason(`https://example.com/${'a'.repeat(9000)}`)).toMatch(/longer than 8192/);
  });
});
