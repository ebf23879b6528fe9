import type { BlockedRange } from '../safety/address-policy';

/** The `reason` label of `scraper_blocked_total`: an address range, or which other rule said no. */
export type BlockReason = BlockedRange | 'scheme' | 'robots_txt' | 'redirect_limit' | 'too_large';

/** A request the safety or politeness rules refused; the message says which rule, for the caller. */
export class BlockedByPolicyError extends Error {
  override readonly name = 'BlockedByPolicyError';

  constructor(
    readonly reason: BlockReason,
    message: string,
    /** Which request of a redirect chain was refused: 0 for the URL asked for. */
    readonly hop = 0,
  ) {
    super(message);
  }

  /** Set once the message names the URL and the refusal was counted, so nobody wraps or counts it again. */
  described = false;
}

/**
 * Why a fetch failed without being refused: `not_found` (the name does not
 * exist), `refused` (the host refused the connection: nothing serves there),
 * `unavailable` (timeouts, resets, an unreachable robots.txt: worth a retry
 * later) or `invalid_response` (the server answered something unusable).
 */
export type FetchFailureKind = 'not_found' | 'refused' | 'unavailable' | 'invalid_response';

export class FetchFailedError extends Error {
  override readonly name = 'FetchFailedError';

  constructor(
    readonly kind: FetchFailureKind,
    message: string,
  ) {
    super(message);
  }

  /** Set once the message names the URL. */
  described = false;
}
