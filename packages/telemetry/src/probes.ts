/** Probes and scrapes hit every pod every few seconds: a span for each would bury the real traffic. */
export function isProbeOrScrape(url: string | undefined): boolean {
  const path = (url ?? '').split('?', 1)[0];
  return path === '/metrics' || path === '/health' || path.startsWith('/health/');
}
