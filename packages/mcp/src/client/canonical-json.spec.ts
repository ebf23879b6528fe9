import { argumentsHash, canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
  });

  it('leaves out undefined members like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });
});

describe('argumentsHash', () => {
  it('is the same whatever the key order', () => {
    expect(argumentsHash({ query: 'bank statement', limit: 3 })).toBe(argumentsHash({ limit: 3, query: 'bank statement' }));
  });

  it('differs when a value or the array order differs', () => {
    const base = argumentsHash({ query: 'bank', tags: ['a', 'b'] });
    expect(argumentsHash({ query: 'bank ', tags: ['a', 'b'] })).not.toBe(base);
    expect(argumentsHash({ query: 'bank', tags: ['b', 'a'] })).not.toBe(base);
  });

  it('treats no arguments as an empty object', () => {
    expect(argumentsHash(undefined)).toBe(argumentsHash({}));
    expect(argumentsHash({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
