import { z } from 'zod';

export const spaceKeyInput = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^~?[\w.@-]+$/, 'must be a space key such as DOC or ~jsmith');

const ancestorSchema = z.object({ id: z.string(), title: z.string().optional() });

export const pageSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  spaceKey: z.string(),
  version: z.number().int(),
  /** ISO 8601 instant this version was saved */
  lastModified: z.string(),
  /** root first, immediate parent last */
  ancestors: z.array(ancestorSchema),
  labels: z.array(z.string()),
  webUrl: z.string().optional(),
});

export const listSpacesOutput = z.object({
  spaces: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      name: z.string(),
      type: z.string().optional(),
      status: z.string().optional(),
      description: z.string().optional(),
      webUrl: z.string().optional(),
    }),
  ),
});

export const listPagesOutput = z.object({
  spaceKey: z.string(),
  pages: z.array(pageSummarySchema),
  /** pass back as `cursor`: continues an unfinished listing, or (complete) lists what changed since */
  nextCursor: z.string(),
  /** true when the listing reached its end; false when `limit` stopped it and nextCursor continues it */
  complete: z.boolean(),
  /** newest lastModified seen in this listing */
  newestChange: z.string().optional(),
});

export const getPageOutput = pageSummarySchema.extend({
  markdown: z.string(),
  attachments: z.array(
    z.object({ filename: z.string(), downloadUrl: z.string(), mediaType: z.string().optional(), fileSize: z.number().optional() }),
  ),
  linkedPages: z.array(z.object({ title: z.string(), spaceKey: z.string().optional() })),
  /** macros the converter does not know; they were kept as their text */
  unknownMacros: z.array(z.string()),
});
