import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

const secret = 'a-signing-secret-of-some-length';
const body = '{"id":"1","title":"t"}';

describe('webhook signatures', () => {
  it('is v1=<hex HMAC-SHA256 over "<timestamp>.<body>">', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, 1_700_000_000, body)).toBe(`v1=${expected}`);
  });

  it('verifies a fresh, untouched request and refuses tampering, other keys and replays', () => {
    const now = 1_700_000_000;
    const signature = signWebhook(secret, now, body);
    const headers = { timestamp: String(now), signature };
    expect(verifyWebhook(secret, headers, body, { nowSeconds: now + 10 })).toBe(true);
    expect(verifyWebhook(secret, headers, body.replace('t', 'T'), { nowSeconds: now })).toBe(false);
    expect(verifyWebhook('another-secret-entirely', headers, body, { nowSeconds: now })).toBe(false);
    expect(verifyWebhook(secret, headers, body, { nowSeconds: now + 301 })).toBe(false);
    expect(verifyWebhook(secret, { timestamp: String(now + 1), signature }, body, { nowSeconds: now })).toBe(false);
    expect(verifyWebhook(secret, { timestamp: undefined, signature }, body, { nowSeconds: now })).toBe(false);
  });

  it('accepts any one of several signatures (key rotation)', () => {
    const now = 1_700_000_000;
    const signature = `v1=${'0'.repeat(64)}, ${signWebhook(secret, now, body)}`;
    expect(verifyWebhook(secret, { timestamp: String(now), signature }, body, { nowSeconds: now })).toBe(true);
  });
});
