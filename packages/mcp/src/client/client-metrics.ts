import { getOrCreateCounter, getOrCreateGauge, getOrCreateHistogram, LATENCY_BUCKETS } from '@emm/metrics/registry';
import type { McpCallErrorKind } from './call-error';

/** How a call ended, as the `status` label: `ok`, the error kind, or `cancelled` by the caller. */
export type CallStatus = 'ok' | McpCallErrorKind | 'cancelled';

export type CacheResult = 'hit' | 'miss' | 'error';

/** Circuit breaker state as the gauge reports it. */
export const BREAKER_STATE_VALUE = { closed: 0, half_open: 1, open: 2 } as const;
export type BreakerState = keyof typeof BREAKER_STATE_VALUE;

/** `tool` label for a raw call naming a tool the service does not list: caller-chosen names must not create series. */
export const UNLISTED_TOOL_LABEL = '(unlisted)';

/**
 * The client's metrics, labelled by target service (`server`, e.g.
 * `jd-classifier`) and tool. Shared by every client in the process (prom-client's
 * default registry).
 */
export class ClientMetrics {
  private readonly calls = getOrCreateCounter({
    name: 'mcp_tool_calls_total',
    help: 'Tool calls made to other MCP services, by service, tool and outcome (ok, invalid_argument, tool_error, unavailable, timeout, cancelled); cached answers included',
    labelNames: ['server', 'tool', 'status'] as const,
  });

  private readonly duration = getOrCreateHistogram({
    name: 'mcp_tool_duration_seconds',
    help: 'Time a tool call took for its caller, retries and cache lookup included, by service and tool',
    labelNames: ['server', 'tool'] as const,
    buckets: LATENCY_BUCKETS,
  });

  private readonly cache = getOrCreateCounter({
    name: 'mcp_cache_requests_total',
    help: 'Result cache lookups for cacheable tools, by service, tool and result (hit, miss, error: Redis unavailable)',
    labelNames: ['server', 'tool', 'result'] as const,
  });

  private readonly retries = getOrCreateCounter({
    name: 'mcp_tool_retries_total',
    help: 'Attempts repeated after a transient failure, by service and tool',
    labelNames: ['server', 'tool'] as const,
  });

  private readonly breaker = getOrCreateGauge({
    name: 'mcp_circuit_breaker_state',
    help: 'Circuit breaker per target service: 0 closed (calls flow), 1 half-open (one probe call), 2 open (calls fail fast)',
    labelNames: ['server'] as const,
  });

  constructor(private readonly server: string) {
    this.breakerState('closed');
  }

  call(tool: string, status: CallStatus, seconds: number): void {
    this.calls.inc({ server: this.server, tool, status });
    this.duration.observe({ server: this.server, tool }, seconds);
  }

  cacheLookup(tool: string, result: CacheResult): void {
    this.cache.inc({ server: this.server, tool, result });
  }

  retry(tool: string): void {
    this.retries.inc({ server: this.server, tool });
  }

  breakerState(state: BreakerState): void {
    this.breaker.set({ server: this.server }, BREAKER_STATE_VALUE[state]);
  }
}
