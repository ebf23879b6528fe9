import { retryAfterMs } from './http-json';

describe('retryAfterMs', () => {
  const now = Date.parse('2024-05-01T10:00:00Z');

  it('reads seconds, an HTTP date and OpenAI’s retry-after-ms', () => {
    expect(retryAfterMs({ 'retry-after': '2' }, now)).toBe(2_000);
    expect(retryAfterMs({ 'retry-after': '0.5' }, now)).toBe(500);
    expect(retryAfterMs({ 'retry-after': 'Wed, 01 May 2024 10:00:30 GMT' }, now)).toBe(30_000);
    expect(retryAfterMs({ 'retry-after-ms': '1500', 'retry-after': '2' }, now)).toBe(1_500);
  });

  it('is undefined when absent or unreadable, never negative', () => {
    expect(retryAfterMs({}, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'Wed, 01 May 2024 09:00:00 GMT' }, now)).toBe(0);
  });
});
