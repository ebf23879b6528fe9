import { type ConfigValidationError, loadConfig } from '@emm/config';
import { appConfigSchema, userAgentOf } from './config';

describe('web-scraper-service config', () => {
  it('has safe defaults', () => {
    const config = loadConfig(appConfigSchema, {});
    expect(config).toMatchObject({
      SCRAPER_ALLOW_HOSTS: [],
      SCRAPER_MAX_BYTES: 5 * 1024 * 1024,
      SCRAPER_HEADER_TIMEOUT_MS: 10_000,
      SCRAPER_BODY_TIMEOUT_MS: 20_000,
      SCRAPER_MAX_REDIRECTS: 5,
      SCRAPER_RESPECT_ROBOTS: true,
      SCRAPER_PER_HOST_CONCURRENCY: 2,
      SCRAPER_PER_HOST_DELAY_MS: 500,
      SCRAPER_CACHE_TTL_SECONDS: 3600,
    });
    expect(userAgentOf({ SCRAPER_USER_AGENT: undefined, SERVICE_VERSION: '1.4.0' })).toMatch(/^EMM-WebScraper\/1\.4\.0 \(/);
  });

  it('names every bad variable with its rule', () => {
    let problems: readonly string[] = [];
    try {
      loadConfig(appConfigSchema, { SCRAPER_ALLOW_HOSTS: '127.0.0.1:8080, not a host', SCRAPER_MAX_BYTES: 'lots', SCRAPER_MAX_REDIRECTS: '50', SCRAPER_RESPECT_ROBOTS: 'maybe' });
    } catch (error) {
      problems = (error as ConfigValidationError).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        'SCRAPER_ALLOW_HOSTS: "not a host" is not a host, host:port or CIDR',
        'SCRAPER_MAX_BYTES: must be an integer between 1024 and 104857600',
        'SCRAPER_MAX_REDIRECTS: must be an integer between 0 and 20',
        'SCRAPER_RESPECT_ROBOTS: must be one of true, false, 1, 0, yes, no',
      ]),
    );
  });
});
