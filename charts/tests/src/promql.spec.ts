import { metricNames, withoutGrafanaVariables } from './promql';

describe('metricNames', () => {
  it('finds the metrics, not the functions, labels, ranges or keywords', () => {
    expect(
      metricNames('histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket{namespace="$namespace", route=~"/a|b"}[$__rate_interval])))'),
    ).toEqual(['http_request_duration_seconds_bucket']);
    expect(metricNames('sum(rate(a_total{x="y"}[5m])) / ignoring(status) group_left sum(b_total) > bool 0.1 and on (q) c offset 5m')).toEqual(['a_total', 'b_total', 'c']);
    expect(metricNames('deriv(max by (queue) (queue_jobs{state="waiting"})[30m:1m]) > 0')).toEqual(['queue_jobs']);
    expect(metricNames('namespace_service:http_request_error_ratio:rate5m > 0.05')).toEqual(['namespace_service:http_request_error_ratio:rate5m']);
  });

  it('turns Grafana variables into valid PromQL', () => {
    expect(withoutGrafanaVariables('rate(x{namespace="$namespace", tool=~"${tool}"}[$__rate_interval])')).toBe('rate(x{namespace="emm", tool=~".*"}[5m])');
  });
});
