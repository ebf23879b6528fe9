import { z } from 'zod';
import { SPACE_KEY_PATTERN } from './space-key';

const MAX_SPACES = 200;

const spaceKey = z.string().trim().min(1).max(255).regex(SPACE_KEY_PATTERN, 'must be a space key such as DOC or ~jsmith');

/** What a confluence-sync run works on, after defaults: the spaces (never empty) and whether to ignore the cursors. */
export interface SyncInput {
  spaces: string[];
  full: boolean;
}

/**
 * The input of POST /runs for confluence-sync. `spaces` defaults to the
 * configured CONFLUENCE_SPACES; with neither, the input is refused. The
 * parsed input always names its spaces, so parsing it again gives the same.
 */
export function syncInputSchema(configuredSpaces: readonly string[]): z.ZodType<SyncInput> {
  return z
    .strictObject({
      spaces: z
        .array(spaceKey)
        .min(1, 'must name at least one space')
        .max(MAX_SPACES)
        .optional()
        .describe('Space keys to sync, e.g. ["DOC","ENG"]; default: CONFLUENCE_SPACES'),
      full: z
        .boolean()
        .default(false)
        .describe('List every page again instead of what changed since the last sync; notes are still only rewritten for newer versions'),
    })
    .refine((input) => input.spaces !== undefined || configuredSpaces.length > 0, {
      message: 'is required: no CONFLUENCE_SPACES are configured, so name the spaces to sync',
      path: ['spaces'],
    })
    .transform((input) => ({ spaces: [...new Set(input.spaces ?? configuredSpaces)], full: input.full }));
}
