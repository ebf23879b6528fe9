import type { IncomingMessage } from 'node:http';
import { routeTemplate, UNMATCHED_ROUTE, type RoutedRequest } from './http-metrics';

function req(extra: Partial<RoutedRequest>): RoutedRequest {
  return Object.assign({ url: '/items/42?x=1' } as IncomingMessage, extra);
}

describe('routeTemplate', () => {
  it('uses the matched route template, not the URL', () => {
    expect(routeTemplate(req({ route: { path: '/items/:id' } }))).toBe('/items/:id');
  });

  it('prefixes the mount path of a sub-router', () => {
    expect(routeTemplate(req({ baseUrl: '/api', route: { path: '/runs/:id' } }))).toBe('/api/runs/:id');
  });

  it('is "unmatched" when no route matched or the route is a pattern', () => {
    expect(routeTemplate(req({}))).toBe(UNMATCHED_ROUTE);
    expect(routeTemplate(req({ route: { path: /items/ } }))).toBe(UNMATCHED_ROUTE);
  });
});
