import { parseDurationMs } from '@emm/config';
import { CronExpressionParser } from 'cron-parser';

/** When scheduled runs fire: a fixed interval, or a cron pattern in a time zone. */
export type Schedule = { every: number } | { pattern: string; tz: string };

const EVERY = /^every\s+(.+)$/i;
const MIN_INTERVAL_MS = 1_000;

/**
 * Reads RUN_SCHEDULE: "every 5m" (any duration config accepts) or a cron
 * pattern with 5 or 6 fields. Returns the rule broken as a string when the
 * text is neither, so config errors can name it.
 */
export function parseSchedule(text: string, tz = 'UTC'): Schedule | string {
  const every = EVERY.exec(text.trim());
  if (every !== null) {
    const ms = parseDurationMs(every[1]);
    if (ms === undefined) return 'must be "every <duration>" (e.g. every 5m) or a cron pattern';
    if (ms < MIN_INTERVAL_MS) return 'must repeat at most once a second';
    return { every: ms };
  }
  const fields = text.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6) return 'must be "every <duration>" (e.g. every 5m) or a cron pattern with 5 or 6 fields';
  try {
    CronExpressionParser.parse(text.trim(), { tz });
  } catch (error) {
    return `is not a valid cron pattern (${error instanceof Error ? error.message : String(error)})`;
  }
  return { pattern: text.trim(), tz };
}
