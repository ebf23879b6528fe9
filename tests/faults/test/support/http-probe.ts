import { httpStatus } from '@emm/testing';

/** What came back, with the body both as text (for leak checks) and parsed (when it is JSON). */
export interface ProbeAnswer {
  status: number;
  text: string;
  json: unknown;
}

export async function probe(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<ProbeAnswer> {
  const response = await fetch(url, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

/** What a stack trace or an internal file path looks like in an answer. */
const INTERNALS = [/\n\s+at\s/, /\bat\s+\S+\s+\([^)]*:\d+:\d+\)/, /node_modules/, /\/dist\/\S+\.js/, /\.ts:\d+/];

/** The internals an answer gives away: empty when it shows none. */
export function leakedInternals(text: string): string[] {
  return INTERNALS.filter((pattern) => pattern.test(text)).map((pattern) => `${String(pattern)} in ${text.slice(0, 300)}`);
}

export async function isReady(baseUrl: string): Promise<boolean> {
  return (await httpStatus(`${baseUrl}/health/ready`, 5_000)) === 200;
}
