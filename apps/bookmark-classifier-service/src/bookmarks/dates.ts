/** Milliseconds between 1601-01-01 (the Windows FILETIME epoch Chrome uses) and 1970-01-01. */
const WINDOWS_EPOCH_OFFSET_MS = 11_644_473_600_000;
/** Dates before this are not bookmark dates (the web did not exist). */
const EARLIEST = Date.UTC(1990, 0, 1);

function plausible(ms: number): Date | undefined {
  // Up to a day ahead: clocks of the exporting machine may be a little off.
  if (!Number.isFinite(ms) || ms < EARLIEST || ms > Date.now() + 86_400_000) return undefined;
  return new Date(ms);
}

/**
 * A Unix timestamp of unknown unit, as exports write them: Netscape
 * `ADD_DATE` in seconds, some tools in milliseconds, Firefox JSON in
 * microseconds. The magnitude tells them apart for every date after 1990.
 */
export function fromUnixTimestamp(value: string | number | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n < 1e11) return plausible(n * 1000);
  if (n < 1e14) return plausible(n);
  return plausible(n / 1000);
}

/** Chrome's `date_added`: microseconds since 1601-01-01, as a decimal string. */
export function fromChromeTimestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const micros = Number(value);
  if (!Number.isFinite(micros) || micros <= 0) return undefined;
  return plausible(micros / 1000 - WINDOWS_EPOCH_OFFSET_MS);
}

/** An ISO 8601 string or a Unix timestamp (JSON lists written by people and scripts). */
export function fromLooseDate(value: unknown): Date | undefined {
  if (typeof value === 'number') return fromUnixTimestamp(value);
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return fromUnixTimestamp(value);
  return plausible(Date.parse(value));
}
