/**
 * Metric names a PromQL expression reads: every identifier that is not a
 * function call, keyword, label matcher, range, label list or Grafana variable.
 */
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

export function metricNames(expression: string): string[] {
  const text = expression
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const [, name, call] of text.matchAll(/(?<![\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?/g)) {
    if (!call && !KEYWORDS.has(name)) names.add(name);
  }
  return [...names].sort();
}

/** Grafana's variables replaced by values Prometheus accepts, so promtool can parse a dashboard query. */
export function withoutGrafanaVariables(expression: string): string {
  return expression
    .replaceAll('$__rate_interval', '5m')
    .replaceAll('$__interval', '1m')
    .replace(/\$\{?(\w+)\}?/g, (_, name: string) => (name === 'namespace' ? 'emm' : '.*'));
}
