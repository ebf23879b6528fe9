import {
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  noop,
  retry,
  timeout,
  TimeoutStrategy,
  type CircuitBreakerPolicy,
  type IPolicy,
  type IRetryContext,
  type TimeoutPolicy,
} from 'cockatiel';
import { McpCallError } from './call-error';
import type { BreakerState } from './client-metrics';

export interface RetrySettings {
  /** Attempts after the first one; 0 turns retries off. */
  retries: number;
  /** First backoff delay; later ones grow exponentially, with decorrelated jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface BreakerSettings {
  /** Consecutive failures to reach the service that open the circuit. */
  threshold: number;
  /** How long an open circuit fails calls at once before letting one probe call through (half-open). */
  halfOpenAfterMs: number;
}

const MAX_TIMEOUT_POLICIES = 16;

export const DEFAULT_RETRY: RetrySettings = { retries: 2, baseDelayMs: 100, maxDelayMs: 2_000 };
export const DEFAULT_BREAKER: BreakerSettings = { threshold: 5, halfOpenAfterMs: 5_000 };

/** Failures another attempt now cannot fix, although a later call may succeed. */
const NOT_RETRIED_NOW = new Set(['circuit_open', 'client_closed']);

/** A failure worth another attempt: the service may answer next time. */
function transient(error: Error): error is McpCallError {
  return error instanceof McpCallError && error.retryable && !NOT_RETRIED_NOW.has(error.code);
}

const BREAKER_STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};

/**
 * The cockatiel policies of one target service, composed per call as
 * retry → circuit breaker → timeout (each attempt has its own timeout; the
 * breaker sees every attempt). Two retry policies: idempotent tools retry any
 * transient failure; others only failures where the request never reached the
 * tool (connection refused, 503, a failed handshake), so nothing runs twice.
 */
export class ServicePolicies {
  readonly breaker: CircuitBreakerPolicy;
  private readonly retryIdempotent: IPolicy<IRetryContext>;
  private readonly retryUndelivered: IPolicy<IRetryContext>;
  private readonly timeouts = new Map<number, TimeoutPolicy>();

  constructor(retrySettings: RetrySettings, breakerSettings: BreakerSettings, onBreakerState: (state: BreakerState) => void) {
    const backoff = new ExponentialBackoff({ initialDelay: retrySettings.baseDelayMs, maxDelay: retrySettings.maxDelayMs });
    this.retryIdempotent = retry(handleWhen(transient), { maxAttempts: retrySettings.retries, backoff });
    this.retryUndelivered = retry(
      handleWhen((error) => transient(error) && error.stage === 'not_sent'),
      { maxAttempts: retrySettings.retries, backoff },
    );
    // Only failures to reach the service count; a tool's own error means the service is up.
    this.breaker = circuitBreaker(
      handleWhen((error) => transient(error) && error.stage !== 'answered'),
      { halfOpenAfter: breakerSettings.halfOpenAfterMs, breaker: new ConsecutiveBreaker(breakerSettings.threshold) },
    );
    this.breaker.onStateChange((state) => onBreakerState(BREAKER_STATES[state]));
  }

  /** `retry: false` for a call means one attempt; otherwise the policy fitting the tool. */
  retryFor(idempotent: boolean, enabled: boolean): IPolicy<IRetryContext> {
    if (!enabled) return noop as unknown as IPolicy<IRetryContext>;
    return idempotent ? this.retryIdempotent : this.retryUndelivered;
  }

  /** An aggressive timeout: the attempt's signal aborts its HTTP request and the call fails at the deadline. */
  timeout(ms: number): TimeoutPolicy {
    let policy = this.timeouts.get(ms);
    if (policy === undefined) {
      // Not aborting on return: an abort makes a DOMException per call, for a signal nobody listens to any more.
      policy = timeout(ms, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
      // Per-call overrides are few distinct values in practice; the bound keeps odd callers from growing the map.
      if (this.timeouts.size < MAX_TIMEOUT_POLICIES) this.timeouts.set(ms, policy);
    }
    return policy;
  }
}
