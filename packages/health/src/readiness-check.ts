import type { InjectionToken } from '@nestjs/common';

/**
 * A dependency the app cannot serve without (Redis, its JD structure, …).
 * `/health/ready` runs every registered check; a check that throws marks the
 * app not ready, and its error message is shown as the reason.
 *
 * Implement it on an injectable class, provide that class in the module that
 * owns the dependency, and list it in `HealthModule.forRoot({ readiness })`.
 */
export interface ReadinessCheck {
  /** Key of this check in the health response, e.g. `redis`. */
  readonly name: string;
  /** Resolves when the dependency is usable; throws with a human reason when it is not. */
  check(): Promise<void>;
}

/** A class implementing ReadinessCheck, or the token of a provider that does. */
export type ReadinessCheckToken = InjectionToken<ReadinessCheck>;

export function isReadinessCheck(value: unknown): value is ReadinessCheck {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ReadinessCheck).name === 'string' &&
    typeof (value as ReadinessCheck).check === 'function'
  );
}
