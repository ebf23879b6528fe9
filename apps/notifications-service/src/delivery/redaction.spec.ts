import { redactUrl, SecretScrubber } from './redaction';

const slackUrl = 'https://hooks.slack.com/services/T0001/B0001/XXXXsecretXXXX';

describe('redaction', () => {
  it('shows scheme and host of a URL only', () => {
    expect(redactUrl(slackUrl)).toBe('https://hooks.slack.com/…');
    expect(redactUrl('http://user:pw@127.0.0.1:8080/hook?token=1')).toBe('http://127.0.0.1:8080/…');
    expect(redactUrl('not a url')).toBe('[REDACTED URL]');
  });

  it('scrubs whole secret URLs, their paths, and other secrets from text', () => {
    const scrubber = new SecretScrubber([slackUrl, 'signing-secret-value', undefined]);
    expect(scrubber.scrub(`POST ${slackUrl} failed`)).toBe('POST https://hooks.slack.com/… failed');
    expect(scrubber.scrub('GET /services/T0001/B0001/XXXXsecretXXXX 404')).toBe('GET [REDACTED] 404');
    expect(scrubber.scrub('key signing-secret-value leaked')).toBe('key [REDACTED] leaked');
    expect(scrubber.scrub('nothing to hide')).toBe('nothing to hide');
  });
});
