import { z } from 'zod';
import { apiSpace, idString, instant, pagingLinks, webLinks } from '../json-shapes';

// Response shapes of the Confluence Cloud REST API v2 this service reads
// (developer.atlassian.com/cloud/confluence/rest/v2). Unknown fields are ignored.

export const cloudSpace = apiSpace;

export const cloudSpaces = z.object({ results: z.array(cloudSpace), _links: pagingLinks });

export const cloudPage = z.object({
  id: idString,
  title: z.string(),
  spaceId: idString.optional(),
  parentId: idString.nullish(),
  parentType: z.string().nullish(),
  version: z.object({ number: z.number().int(), createdAt: instant }),
  body: z.object({ storage: z.object({ value: z.string() }).optional() }).optional(),
  _links: webLinks,
});

export type CloudPage = z.infer<typeof cloudPage>;

export const cloudPages = z.object({ results: z.array(cloudPage), _links: pagingLinks });

/** Bulk title lookups (`GET /pages?id=…`) ask for no version, so only id and title are relied on. */
export const cloudPageTitles = z.object({ results: z.array(z.object({ id: idString, title: z.string() })), _links: pagingLinks });

export const cloudAncestors = z.object({ results: z.array(z.object({ id: idString, type: z.string().optional() })) });

export const cloudFolder = z.object({ id: idString, title: z.string() });

export const cloudLabels = z.object({ results: z.array(z.object({ name: z.string(), prefix: z.string().optional() })), _links: pagingLinks });

export const cloudAttachments = z.object({
  results: z.array(
    z.object({
      id: idString,
      title: z.string(),
      mediaType: z.string().optional(),
      fileSize: z.number().optional(),
      downloadLink: z.string().optional(),
      _links: z.object({ download: z.string().optional() }).optional(),
    }),
  ),
  _links: pagingLinks,
});

export const cloudUsers = z.object({
  results: z.array(z.object({ accountId: z.string(), displayName: z.string().optional(), publicName: z.string().optional() })),
});
