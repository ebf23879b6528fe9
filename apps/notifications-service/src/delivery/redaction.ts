/**
 * Webhook URLs are credentials (a Slack incoming webhook's path *is* the
 * token), so messages show scheme and host only: `https://hooks.slack.com/…`.
 */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}/…`;
  } catch {
    return '[REDACTED URL]';
  }
}

/**
 * Removes known secrets from text that leaves the process (job errors, logs,
 * tool output): each secret, and for URLs also their path and query, since an
 * HTTP library may quote either on its own. A belt to go with the braces of
 * never putting a secret into a message in the first place.
 */
export class SecretScrubber {
  private readonly needles: string[];

  constructor(secrets: ReadonlyArray<string | undefined>) {
    const needles = new Set<string>();
    for (const secret of secrets) {
      if (secret === undefined || secret.length < 4) continue;
      needles.add(secret);
      if (URL.canParse(secret)) {
        const url = new URL(secret);
        const pathAndQuery = `${url.pathname}${url.search}`;
        if (pathAndQuery.length > 1) needles.add(pathAndQuery);
        if (url.password !== '') needles.add(url.password);
      }
    }
    // Longest first, so a URL is replaced whole before its path is.
    this.needles = [...needles].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let result = text;
    for (const needle of this.needles) {
      if (result.includes(needle)) result = result.split(needle).join(URL.canParse(needle) ? redactUrl(needle) : '[REDACTED]');
    }
    return result;
  }
}
