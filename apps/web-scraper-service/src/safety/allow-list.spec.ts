import { AllowList, parseAllowRule } from './allow-list';

describe('AllowList (SCRAPER_ALLOW_HOSTS)', () => {
  it('matches host entries on the URL host, with or without a port', () => {
    const list = new AllowList(['127.0.0.1:8081', 'pages.test', '[::1]:9000']);
    expect(list.allowsHost('127.0.0.1', 8081)).toBe(true);
    expect(list.allowsHost('127.0.0.1', 80)).toBe(false);
    expect(list.allowsHost('pages.test', 443)).toBe(true);
    expect(list.allowsHost('[::1]', 9000)).toBe(true);
    expect(list.allowsHost('[::1]', 9001)).toBe(false);
  });

  it('spells hosts the way URLs do, so 127.1 and 127.0.0.1 are one entry', () => {
    expect(new AllowList(['127.1:8081']).allowsHost(new URL('http://127.0.0.1:8081/').hostname, 8081)).toBe(true);
    expect(new AllowList(['Pages.TEST']).allowsHost('pages.test', 80)).toBe(true);
  });

  it('matches CIDR entries on resolved addresses, IPv4-mapped ones included', () => {
    const list = new AllowList(['10.1.0.0/16', 'fd00::/8']);
    expect(list.allowsAddress('10.1.2.3')).toBe(true);
    expect(list.allowsAddress('::ffff:10.1.2.3')).toBe(true);
    expect(list.allowsAddress('10.2.0.1')).toBe(false);
    expect(list.allowsAddress('fd00::5')).toBe(true);
    expect(list.allowsHost('10.1.2.3', 80)).toBe(false);
  });

  it('names an entry it cannot read', () => {
    expect(parseAllowRule('not a host')).toBe('"not a host" is not a host, host:port or CIDR');
    expect(parseAllowRule('10.0.0.0/33')).toBe('"10.0.0.0/33" is not a host, host:port or CIDR');
    expect(parseAllowRule('example.com:99999')).toBe('"example.com:99999" is not a host, host:port or CIDR');
    expect(parseAllowRule('http://example.com/')).toBe('"http://example.com/" is not a host, host:port or CIDR');
    expect(() => new AllowList(['bad entry'])).toThrow('SCRAPER_ALLOW_HOSTS: "bad entry" is not a host, host:port or CIDR');
  });
});
