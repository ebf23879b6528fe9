import { z } from 'zod';

/** Confluence ids: strings in v2, sometimes numbers in v1 payloads. */
export const idString = z.union([z.string().min(1), z.number().int()]).transform(String);

/** A date Confluence sent, normalised to ISO 8601 in UTC. */
export const instant = z.string().transform((text, ctx) => {
  const time = Date.parse(text);
  if (Number.isNaN(time)) {
    ctx.issues.push({ code: 'custom', message: 'is not a date', input: text });
    return z.NEVER;
  }
  return new Date(time).toISOString();
});

/** `_links` of a paged response: `next` is there while there is more. */
export const pagingLinks = z.object({ next: z.string().min(1).optional() }).optional();

export const webLinks = z.object({ webui: z.string().optional() }).optional();
