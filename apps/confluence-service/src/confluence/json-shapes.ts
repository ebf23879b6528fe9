import { z } from 'zod';
import type { SpaceInfo } from './model';

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

/** A space as both APIs describe it (v2 `/spaces`, v1 `/space` with `expand=description.plain`). */
export const apiSpace = z.object({
  id: idString,
  key: z.string(),
  name: z.string(),
  type: z.string().optional(),
  status: z.string().optional(),
  description: z.object({ plain: z.object({ value: z.string().optional() }).nullish() }).nullish(),
  _links: webLinks,
});

/** A listed space as list_spaces reports it; `webUrl` turns its relative link into an address. */
export function spaceInfo(space: z.infer<typeof apiSpace>, webUrl: (link: string | undefined) => string | undefined): SpaceInfo {
  const { id, key, name, type, status } = space;
  return { id, key, name, type, status, description: space.description?.plain?.value || undefined, webUrl: webUrl(space._links?.webui) };
}
