import { z } from 'zod';
import { apiSpace, idString, instant, pagingLinks, webLinks } from '../json-shapes';

// Response shapes of the Confluence Data Center / Server REST API v1
// (docs.atlassian.com/ConfluenceServer/rest): offset paging with
// `start`/`limit`/`size` and a `_links.next` relative to the base URL.

export const dcSpace = apiSpace;

export const dcSpaces = z.object({ results: z.array(dcSpace), _links: pagingLinks });

export const dcContent = z.object({
  id: idString,
  title: z.string(),
  space: z.object({ key: z.string() }).optional(),
  version: z.object({ number: z.number().int(), when: instant }),
  ancestors: z.array(z.object({ id: idString, title: z.string().optional() })).optional(),
  metadata: z.object({ labels: z.object({ results: z.array(z.object({ name: z.string() })) }).optional() }).optional(),
  body: z.object({ storage: z.object({ value: z.string() }).optional() }).optional(),
  _links: webLinks,
});

export type DcContent = z.infer<typeof dcContent>;

export const dcContentList = z.object({ results: z.array(dcContent), _links: pagingLinks });

export const dcAttachments = z.object({
  results: z.array(
    z.object({
      id: idString,
      title: z.string(),
      metadata: z.object({ mediaType: z.string().optional() }).optional(),
      extensions: z.object({ mediaType: z.string().optional(), fileSize: z.number().optional() }).optional(),
      _links: z.object({ download: z.string().optional() }).optional(),
    }),
  ),
  _links: pagingLinks,
});

export const dcUser = z.object({ displayName: z.string().optional(), username: z.string().optional() });
