import { UnrecoverableError } from 'bullmq';

/**
 * A delivery attempt failed in a way that may pass on a later attempt
 * (network error, timeout, 5xx). Its message is shown to operators, so it
 * never holds a secret.
 */
export class DeliveryError extends Error {
  override readonly name: string = 'DeliveryError';
}

/** The receiver answered 429; `retryAfterMs` is its Retry-After, when it sent one. */
export class RateLimitedError extends DeliveryError {
  override readonly name = 'RateLimitedError';

  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

/**
 * The receiver refused the notification for good (e.g. Slack's 404
 * `no_service` for a revoked webhook, 400 for a payload it rejects): retrying
 * cannot help, so the job goes to the failed set at once for an operator.
 */
export class PermanentDeliveryError extends UnrecoverableError {}
