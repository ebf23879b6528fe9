import { problemWithFetch, problemWithStatus } from './link-problems';

/** A failed fetch_page call as the MCP client reports it; the details and reasons are web-scraper's own. */
const failed = (code: string, detail: string, reason?: string, kind = 'tool_error') => ({ kind: kind as 'tool_error', code, detail, reason });

describe('link problems', () => {
  it('takes 404 and 410 as dead links and fails them for good', () => {
    expect(problemWithStatus(404)).toEqual({ kind: 'dead_link', permanent: true, reason: 'dead link: HTTP 404' });
    expect(problemWithStatus(410)).toEqual({ kind: 'dead_link', permanent: true, reason: 'dead link: HTTP 410' });
  });

  it('retries server errors and rate limits', () => {
    for (const status of [500, 502, 503, 504, 429, 408]) {
      expect(problemWithStatus(status)).toEqual({ kind: 'temporary', permanent: false, reason: `temporary error: HTTP ${status}` });
    }
  });

  it('fails other client errors for good and passes success and redirects', () => {
    expect(problemWithStatus(403)).toEqual({ kind: 'not_accessible', permanent: true, reason: 'not accessible: HTTP 403' });
    expect(problemWithStatus(401)?.permanent).toBe(true);
    for (const status of [200, 203, 204, 304]) expect(problemWithStatus(status)).toBeUndefined();
  });

  it('names refused addresses and robots.txt as blocked', () => {
    expect(problemWithFetch(failed('failed_precondition', 'url: 127.0.0.1 is a loopback address', 'blocked'))).toEqual({ kind: 'blocked', permanent: true, reason: 'blocked: 127.0.0.1 is a loopback address' });
    expect(problemWithFetch(failed('failed_precondition', 'url: intranet.test resolves to 10.0.0.5, a private address', 'blocked'))?.reason).toBe('blocked: intranet.test resolves to 10.0.0.5, a private address');
    expect(problemWithFetch(failed('failed_precondition', 'url: robots.txt of https://example.org disallows EMM-WebScraper from /private', 'blocked'))?.reason).toBe(
      'blocked: robots.txt of https://example.org disallows EMM-WebScraper from /private',
    );
    expect(problemWithFetch(failed('failed_precondition', 'url: redirect 1 to http://10.0.0.5/ refused: 10.0.0.5 is a private address', 'blocked'))?.kind).toBe('blocked');
  });

  it('names unusable answers as unreadable', () => {
    expect(problemWithFetch(failed('failed_precondition', 'url: the TLS certificate was not accepted (CERT_HAS_EXPIRED)', 'unreadable'))).toEqual({
      kind: 'unreadable',
      permanent: true,
      reason: 'unreadable: the TLS certificate was not accepted (CERT_HAS_EXPIRED)',
    });
    expect(problemWithFetch(failed('failed_precondition', 'url: the server sent malformed HTTP (HPE_INVALID_CONSTANT)', 'unreadable'))?.kind).toBe('unreadable');
    expect(problemWithFetch(failed('failed_precondition', "url: the PDF could not be read: bad XRef entry", 'unreadable'))?.kind).toBe('unreadable');
  });

  it('takes names that do not resolve and refused connections as dead links', () => {
    expect(problemWithFetch(failed('not_found', 'url: gone.invalid does not resolve to any address (ENOTFOUND)', 'name_not_found'))).toEqual({
      kind: 'dead_link',
      permanent: true,
      reason: 'dead link: gone.invalid does not resolve to any address (ENOTFOUND)',
    });
    expect(problemWithFetch(failed('unavailable', 'url: the connection was refused', 'connection_refused', 'unavailable'))).toEqual({ kind: 'dead_link', permanent: true, reason: 'dead link: the connection was refused' });
    expect(
      problemWithFetch(
        failed('unavailable', 'url: robots.txt of http://127.0.0.1:9 could not be fetched (the connection was refused), so the site counts as disallowed for now (RFC 9309)', 'connection_refused', 'unavailable'),
      ),
    ).toEqual({ kind: 'dead_link', permanent: true, reason: 'dead link: the connection was refused' });
  });

  it('retries what may pass: timeouts, resets, a name server that is down', () => {
    for (const detail of ['url: no response headers from example.org within 10000 ms', 'url: the server closed the connection', 'url: example.org could not be resolved right now (EAI_AGAIN)']) {
      expect(problemWithFetch(failed('unavailable', detail, 'unreachable', 'unavailable'))).toMatchObject({ kind: 'temporary', permanent: false });
    }
  });

  it('without a reason it knows (an older or newer web-scraper), goes by the code', () => {
    expect(problemWithFetch(failed('not_found', 'url: gone.invalid does not resolve to any address (ENOTFOUND)'))?.kind).toBe('dead_link');
    expect(problemWithFetch(failed('failed_precondition', 'url: 127.0.0.1 is a loopback address', 'some_new_rule'))?.kind).toBe('blocked');
    expect(problemWithFetch(failed('unavailable', 'Redis is unavailable; retry shortly', undefined, 'unavailable'))).toMatchObject({ kind: 'temporary', permanent: false });
  });

  it('leaves failures of the service itself to the caller', () => {
    expect(problemWithFetch(failed('connection_failed', 'connection refused (ECONNREFUSED); check MCP_WEB_SCRAPER_URL', undefined, 'unavailable'))).toBeUndefined();
    expect(problemWithFetch(failed('timeout', 'no answer within 35000 ms', undefined, 'timeout'))).toBeUndefined();
    expect(problemWithFetch(failed('internal', 'internal error'))).toBeUndefined();
  });
});
