import { classifyAddress, isIpLiteral } from './address-policy';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'link_local'],
    ['100.64.0.1', 'carrier_grade_nat'],
    ['100.127.255.254', 'carrier_grade_nat'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['198.19.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link_local'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456::1', 'unique_local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link_local'],
    ['::ffff:0:a00:1', 'private'],
    ['64:ff9b::a00:5', 'private'],
    ['64:ff9b:1::1', 'ipv4_embedded'],
    ['2002:a9fe:a9fe::1', 'link_local'],
    ['2002:7f00:1::', 'loopback'],
    ['::7f00:1', 'ipv4_embedded'],
    ['::a00:1', 'ipv4_embedded'],
    ['2001:0:4136:e378::1', 'ipv4_embedded'],
    ['4000::1', 'not_global'],
  ])('refuses %s (%s)', (address, range) => {
    expect(classifyAddress(address).blocked).toBe(range);
  });

  it.each(['93.184.216.34', '8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
    'lets public %s through',
    (address) => {
      expect(classifyAddress(address).blocked).toBeUndefined();
    },
  );

  it('describes what was found, naming the IPv4 address inside an IPv6 one', () => {
    expect(classifyAddress('[::ffff:7f00:1]')).toEqual({
      address: '::ffff:7f00:1',
      blocked: 'loopback',
      description: 'an IPv4-mapped IPv6 address of 127.0.0.1, a loopback address',
    });
    expect(classifyAddress('169.254.169.254').description).toBe('a link-local address (cloud metadata lives here)');
  });

  it('recognises IP literals, bracketed or not', () => {
    expect(isIpLiteral('[::1]')).toBe(true);
    expect(isIpLiteral('10.0.0.1')).toBe(true);
    expect(isIpLiteral('example.com')).toBe(false);
  });
});
