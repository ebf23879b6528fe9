import type { AppConfig } from '../config';
import { CloudConfluenceApi } from './cloud/cloud-api';
import { DataCenterConfluenceApi } from './datacenter/datacenter-api';
import { ConfluenceHttp, type ConfluenceHttpSettings } from './http/confluence-http';
import type { ConfluenceApi } from './model';

type ConfluenceEnv = Pick<
  AppConfig,
  | 'CONFLUENCE_FLAVOR'
  | 'CONFLUENCE_BASE_URL'
  | 'CONFLUENCE_EMAIL'
  | 'CONFLUENCE_API_TOKEN'
  | 'CONFLUENCE_PAT'
  | 'CONFLUENCE_TIMEOUT_MS'
  | 'CONFLUENCE_RETRY_ATTEMPTS'
  | 'CONFLUENCE_RETRY_BUDGET_MS'
  | 'CONFLUENCE_MAX_CONCURRENCY'
>;

/**
 * Cloud's REST API lives under `/wiki`; people copy the site address with
 * or without it, so it is added when missing.
 */
export function cloudWikiBase(baseUrl: string): string {
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/wiki') ? path : `${path}/wiki`;
  return url.href.replace(/\/+$/, '');
}

/** The API client for the configured flavour. `overrides` tune backoff in tests. */
export function createConfluenceApi(env: ConfluenceEnv, version: string, overrides: Partial<ConfluenceHttpSettings> = {}): ConfluenceApi {
  const common = {
    userAgent: `emm-confluence-service/${version}`,
    timeoutMs: env.CONFLUENCE_TIMEOUT_MS,
    retryAttempts: env.CONFLUENCE_RETRY_ATTEMPTS,
    retryBudgetMs: env.CONFLUENCE_RETRY_BUDGET_MS,
    maxConcurrency: env.CONFLUENCE_MAX_CONCURRENCY,
  };
  if (env.CONFLUENCE_FLAVOR === 'cloud') {
    const credentials = Buffer.from(`${env.CONFLUENCE_EMAIL ?? ''}:${env.CONFLUENCE_API_TOKEN ?? ''}`).toString('base64');
    const http = new ConfluenceHttp({
      ...common,
      baseUrl: cloudWikiBase(env.CONFLUENCE_BASE_URL),
      authorization: `Basic ${credentials}`,
      credentialVariables: 'CONFLUENCE_EMAIL/CONFLUENCE_API_TOKEN',
      ...overrides,
    });
    return new CloudConfluenceApi(http, env.CONFLUENCE_MAX_CONCURRENCY);
  }
  const http = new ConfluenceHttp({
    ...common,
    baseUrl: env.CONFLUENCE_BASE_URL.replace(/\/+$/, ''),
    authorization: `Bearer ${env.CONFLUENCE_PAT ?? ''}`,
    credentialVariables: 'CONFLUENCE_PAT',
    ...overrides,
  });
  return new DataCenterConfluenceApi(http, env.CONFLUENCE_MAX_CONCURRENCY);
}
