import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOrCreateCounter, getOrCreateHistogram, LATENCY_BUCKETS } from './registry';

/** Route label for requests that matched no route: 404 scans must not create a series per URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/** What Express leaves on the request once its router matched a route. */
export type RoutedRequest = IncomingMessage & {
  baseUrl?: string;
  route?: { path?: unknown };
};

/** The route template (`/items/:id`), never the raw URL, or `unmatched`. */
export function routeTemplate(req: RoutedRequest): string {
  const path = req.route?.path;
  if (typeof path !== 'string') return UNMATCHED_ROUTE;
  return `${req.baseUrl ?? ''}${path}` || '/';
}

/** HTTP RED metrics (rate, errors, duration) labelled by route template. */
export class HttpMetricsRecorder {
  private readonly requests = getOrCreateCounter({
    name: 'http_requests_total',
    help: 'HTTP requests served, by method, route template and final status code',
    labelNames: ['method', 'route', 'status_code'] as const,
  });

  private readonly duration = getOrCreateHistogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to finishing its response, by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
  });

  constructor(private readonly excludedRoutes: ReadonlySet<string>) {}

  /**
   * Starts timing `req` and records it when its response has been fully
   * written, so the status is the final one (exception filters included).
   */
  track(req: RoutedRequest, res: ServerResponse): void {
    const startedAt = process.hrtime.bigint();
    res.once('finish', () => {
      const route = routeTemplate(req);
      if (this.excludedRoutes.has(route)) return;
      const method = req.method ?? 'UNKNOWN';
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      this.requests.inc({ method, route, status_code: String(res.statusCode) });
      this.duration.observe({ method, route }, seconds);
    });
  }
}
