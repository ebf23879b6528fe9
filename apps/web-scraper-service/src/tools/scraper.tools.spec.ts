import { FETCH_PAGE_FAILURES } from '@emm/contracts';
import { ToolError } from '@emm/mcp';
import { BlockedByPolicyError, FetchFailedError } from '../fetching/fetch-errors';
import { toToolError } from './scraper.tools';

function asToolError(error: Error): ToolError {
  const mapped = toToolError(error);
  if (!(mapped instanceof ToolError)) throw new Error('not mapped to a ToolError');
  return mapped;
}

describe('fetch_page failures as tool errors', () => {
  it('gives every failure a code and the reason the contract names', () => {
    const cases: Array<[Error, string, string]> = [
      [new BlockedByPolicyError('loopback', 'url: 127.0.0.1 is a loopback address'), 'failed_precondition', 'blocked'],
      [new BlockedByPolicyError('robots_txt', 'url: robots.txt of https://example.org disallows EMM-WebScraper from /x'), 'failed_precondition', 'blocked'],
      [new BlockedByPolicyError('scheme', 'url: only http and https are fetched'), 'invalid_argument', 'blocked'],
      [new BlockedByPolicyError('scheme', 'url: redirect 1 to ftp://example.org/ refused', 1), 'failed_precondition', 'blocked'],
      [new FetchFailedError('not_found', 'url: gone.invalid does not resolve to any address (ENOTFOUND)'), 'not_found', 'name_not_found'],
      [new FetchFailedError('refused', 'url: the connection was refused'), 'unavailable', 'connection_refused'],
      [new FetchFailedError('unavailable', 'url: no response headers from example.org within 10000 ms'), 'unavailable', 'unreachable'],
      [new FetchFailedError('invalid_response', 'url: the TLS certificate was not accepted (CERT_HAS_EXPIRED)'), 'failed_precondition', 'unreadable'],
    ];
    for (const [error, code, reason] of cases) {
      expect(asToolError(error)).toMatchObject({ code, reason, message: error.message });
      expect(FETCH_PAGE_FAILURES).toContain(reason);
    }
  });

  it('leaves anything else to the MCP layer (an internal error)', () => {
    const unexpected = new TypeError('boom');
    expect(toToolError(unexpected)).toBe(unexpected);
  });
});
