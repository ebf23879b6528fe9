import { z } from 'zod';

/**
 * A folder inside UNSORTED as a person types it ("scans/", "/scans/2026",
 * "scans\\2026" is refused): slashes at either end are dropped; an empty
 * value means all of UNSORTED.
 */
const prefixField = z
  .string()
  .max(4096)
  .transform((raw) => raw.trim().replace(/^\/+|\/+$/g, ''))
  .superRefine((prefix, ctx) => {
    if (prefix === '') return;
    const problem = folderProblem(prefix);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((prefix) => (prefix === '' ? undefined : prefix));

function folderProblem(prefix: string): string | undefined {
  if (prefix.includes('\\')) return 'must use / between folders, not \\';
  if (/[\u0000-\u001f\u007f]/.test(prefix)) return 'must not contain control characters';
  const segments = prefix.split('/');
  if (segments.some((segment) => segment === '')) return 'must not contain empty folder names (//)';
  if (segments.some((segment) => segment === '.' || segment === '..')) return 'must be a folder inside UNSORTED (no . or .. segments)';
  return undefined;
}

export const fileImportInput = z
  .object({
    prefix: prefixField.optional().describe('Only files under this folder of UNSORTED, e.g. "scans/2026"; omit for all of UNSORTED'),
    limit: z.number().int().min(1).max(1_000_000).optional().describe('Most files this run takes on; omit for all'),
  })
  .strict();

export type FileImportInput = z.output<typeof fileImportInput>;

/** Whether `path` (relative to UNSORTED) lies under the `prefix` folder. */
export function isUnderPrefix(path: string, prefix: string | undefined): boolean {
  return prefix === undefined || path.startsWith(`${prefix}/`);
}
