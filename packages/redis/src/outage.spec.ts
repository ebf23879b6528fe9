import { isRedisOutage } from './outage';

describe('isRedisOutage', () => {
  it('recognises what ioredis throws while Redis is away', () => {
    expect(isRedisOutage(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
    expect(isRedisOutage(new Error('Connection is closed.'))).toBe(true);
    expect(isRedisOutage(new Error('connect ECONNREFUSED 127.0.0.1:6379'))).toBe(true);
    expect(isRedisOutage(new Error('Command timed out'))).toBe(true);
    expect(isRedisOutage(new Error('LOADING Redis is loading the dataset in memory'))).toBe(true);
    expect(isRedisOutage(Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }))).toBe(true);
  });

  it('leaves real errors alone', () => {
    expect(isRedisOutage(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(false);
    expect(isRedisOutage(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isRedisOutage('ECONNREFUSED')).toBe(false);
  });
});
