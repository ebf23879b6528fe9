import { RequestOriginPolicy } from './request-origin-policy';

describe('RequestOriginPolicy', () => {
  const policy = new RequestOriginPolicy(['jd-classifier-service', 'mcp.example.com:443', '[fd00::1]'], ['https://inspector.example.com/']);

  it.each(['localhost', 'LOCALHOST:8080', '127.0.0.1', '127.0.0.1:1', '[::1]', '[::1]:8080', 'jd-classifier-service:8080', 'mcp.example.com:443', '[fd00::1]:80'])(
    'allows Host %s',
    (host) => expect(policy.isAllowedHost(host)).toBe(true),
  );

  it.each([undefined, '', 'evil.example.com', 'evil.example.com:8080', 'localhost.evil.com', '127.0.0.1.nip.io', 'mcp.example.com', 'mcp.example.com:8443', 'localhost:', 'localhost:80a', '[::1', '::1'])(
    'refuses Host %s',
    (host) => expect(policy.isAllowedHost(host)).toBe(false),
  );

  it.each([undefined, 'http://localhost:6274', 'https://127.0.0.1', 'http://[::1]:3000', 'https://inspector.example.com'])(
    'allows Origin %s',
    (origin) => expect(policy.isAllowedOrigin(origin)).toBe(true),
  );

  it.each(['null', 'http://evil.example.com', 'https://inspector.example.com:8443', 'http://inspector.example.com', 'file://localhost', 'not an origin'])(
    'refuses Origin %s',
    (origin) => expect(policy.isAllowedOrigin(origin)).toBe(false),
  );

  it('allows any Host or Origin only when told to with *', () => {
    const open = new RequestOriginPolicy(['*'], ['*']);
    expect(open.isAllowedHost('anything.example.com')).toBe(true);
    expect(open.isAllowedOrigin('http://evil.example.com')).toBe(true);
  });

  it('rejects malformed configuration at startup', () => {
    expect(() => new RequestOriginPolicy(['host:port'], [])).toThrow('allowedHosts: "host:port" is not a host name with an optional port');
    expect(() => new RequestOriginPolicy([], ['inspector.example.com'])).toThrow('allowedOrigins: "inspector.example.com" is not an origin');
  });
});
