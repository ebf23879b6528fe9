import { getOrCreateCounter, getOrCreateHistogram, LATENCY_BUCKETS } from '@emm/metrics';
import type { ToolErrorCode } from './tool-error';

/**
 * How a call ended: a bounded set, used as the `status` label, the span's
 * outcome and the audit line's outcome.
 */
export type CallOutcome = 'ok' | ToolErrorCode | 'unknown_tool' | 'cancelled';

/** `tool` label for calls naming no declared tool: caller-chosen names must not create series. */
export const UNKNOWN_TOOL_LABEL = '(unknown)';

/** `mcp_requests_total{tool,status}` and `mcp_request_duration_seconds{tool}`, shared by MCP and REST. */
export class ServerMetrics {
  private readonly requests = getOrCreateCounter({
    name: 'mcp_requests_total',
    help: 'Tool calls served over MCP and REST, by tool and outcome',
    labelNames: ['tool', 'status'] as const,
  });

  private readonly duration = getOrCreateHistogram({
    name: 'mcp_request_duration_seconds',
    help: 'Time to serve a tool call (validation, handler, output check), by tool',
    labelNames: ['tool'] as const,
    buckets: LATENCY_BUCKETS,
  });

  record(tool: string, outcome: CallOutcome, seconds: number): void {
    this.requests.inc({ tool, status: outcome });
    this.duration.observe({ tool }, seconds);
  }
}
