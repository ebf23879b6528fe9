import { get } from 'node:http';

/**
 * GET `url` and resolve with its status code (body discarded). No keep-alive
 * agent: a pooled socket would keep the test process, or the server under
 * test, from closing.
 */
export function httpStatus(url: string, timeoutMs = 1_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
      response.once('error', reject);
    });
    request.once('timeout', () => request.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    request.once('error', reject);
  });
}
