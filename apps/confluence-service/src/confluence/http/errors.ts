/**
 * What can go wrong talking to Confluence, as the tools report it. Messages
 * name the cause and what to check; they never carry credentials or headers.
 */
export abstract class ConfluenceError extends Error {}

/** 401/403: the configured credentials were refused. Retrying cannot help. */
export class ConfluenceCredentialsError extends ConfluenceError {
  override readonly name = 'ConfluenceCredentialsError';

  constructor(
    readonly status: number,
    credentialVariables: string,
  ) {
    super(
      status === 403
        ? `Confluence rejected the credentials (403): check ${credentialVariables} and that the account may read this content`
        : `Confluence rejected the credentials (${status}): check ${credentialVariables}`,
    );
  }
}

/** 404: the page, space or user does not exist or the account cannot see it. */
export class ConfluenceNotFoundError extends ConfluenceError {
  override readonly name = 'ConfluenceNotFoundError';
}

/** 429/5xx/network failures that outlasted the retries or the retry budget. */
export class ConfluenceUnavailableError extends ConfluenceError {
  override readonly name = 'ConfluenceUnavailableError';
}

/** Any other answer: a 4xx Confluence explains, or a body that is not the documented JSON. */
export class ConfluenceResponseError extends ConfluenceError {
  override readonly name = 'ConfluenceResponseError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** `promise`'s value, or `fallback` when Confluence says the thing is not there (any other failure stays one). */
export async function unlessNotFound<T, F>(promise: Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ConfluenceNotFoundError) return fallback;
    throw error;
  }
}
