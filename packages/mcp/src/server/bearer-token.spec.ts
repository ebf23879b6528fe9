import { BearerTokenVerifier } from './bearer-token';

describe('BearerTokenVerifier', () => {
  const verifier = new BearerTokenVerifier('right-token');

  it('accepts the configured token, whatever the case of the scheme', () => {
    expect(verifier.check('Bearer right-token')).toBe('ok');
    expect(verifier.check('bearer   right-token ')).toBe('ok');
  });

  it('tells a wrong token from a missing one', () => {
    expect(verifier.check('Bearer wrong-token')).toBe('invalid');
    expect(verifier.check('Bearer right-token-and-more')).toBe('invalid');
    expect(verifier.check(undefined)).toBe('missing');
    expect(verifier.check('Basic right-token')).toBe('missing');
    expect(verifier.check('Bearer')).toBe('missing');
  });
});
